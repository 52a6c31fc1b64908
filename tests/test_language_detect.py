"""Script-based language detection is conservative: unsure means None (keep the language)."""
import pytest

from bot.language.detect import detect


@pytest.mark.parametrize("text,expected", [
    ("2号の試験はいつですか", "ja"),
    ("技能実習期間", "ja"),              # kanji only, but Japanese forms (実)
    ("我的技能实习什么时候结束", "zh"),   # simplified forms
    ("Tôi muốn đổi công ty", "vi"),
    ("ကျွန်တော့် ဗီဇာ", "my"),
    ("ខ្ញុំចង់ប្តូរក្រុមហ៊ុន", "km"),
    ("ฉันอยากเปลี่ยนบริษัท", "th"),
    ("Миний виз хэзээ дуусах вэ", "mn"),
    ("मेरो भिसा कहिले सकिन्छ", "ne"),
    ("how long can I stay in Japan", "en"),
    ("what exam do I need for 2号 to 3号", "en"),         # program terms inside English
    ("what does 技能実習 mean for my visa", "en"),
    ("Tôi muốn hỏi về kỳ thi 基礎級", "vi"),
    ("2号の試験", "ja"),
])
def test_detects_clear_messages(text, expected):
    assert detect(text).language == expected


@pytest.mark.parametrize("text", ["hi", "thanks!", "visa renewal", "技能", "/ask_stages", "", "123 456"])
def test_short_or_ambiguous_messages_are_left_alone(text):
    assert detect(text) is None
