"""How search reads Vietnamese words and queries (pure)."""

import subprocess
import sys

import pytest

from catalog.search.analysis import accent_key, analyse_query, decode_typed, tokens, typo_budget
from catalog.search.bench import telex
from catalog.search.synonyms import meilisearch_synonyms, synonym_spans


def test_accent_key_ignores_tone_placement_and_keeps_tones_apart():
    assert accent_key("hóa") == accent_key("hoá") == accent_key("HÓA") == "hoa1"
    assert accent_key("thủy") == accent_key("thuỷ")
    assert len({accent_key(w) for w in ("tủ", "tử", "tú", "tu")}) == 4


@pytest.mark.parametrize(
    "typed, folded, key",
    [
        ("hoas", "hoa", "hoa1"),
        ("ddonw", "don", "dơn"),
        ("ddieenj", "dien", "diên5"),
        ("tuwr", "tu", "tư3"),
        ("dduwowngf", "duong", "dương2"),
        ("hoa1", "hoa", "hoa1"),
        ("do7n", "don", "dơn"),
        ("d9ie65n", "dien", "diên5"),
        ("toans", "toan", "toan1"),
    ],
)
def test_raw_telex_and_vni_words_are_decoded(typed, folded, key):
    assert decode_typed(typed) == (folded, key)


@pytest.mark.parametrize("word", ["sms", "pos", "zalo", "shopee", "123", "4g", "mp3", "excel", "ab1c"])
def test_words_that_are_not_telex_or_vni_stay_as_typed(word):
    decoded = decode_typed(word)
    assert decoded is None or word in (
        "pos",
        "excel",
    )  # decodable shapes are only used when nothing else fits
    query = analyse_query(f"{word} ban hang")
    assert not query.telex and query.rewritten() == f"{word} ban hang"


def test_telex_query_is_recognised_and_rewritten_for_other_engines():
    query = analyse_query("hoas ddonw ddieenj tuwr")
    assert query.telex and query.accents
    assert [w.typed[0] for w in query.words] == ["hoa", "don", "dien", "tu"]
    assert query.rewritten() == "hóa dơn diện tử"


def test_bench_telex_encoder_round_trips_through_the_decoder():
    for text in ("hóa đơn điện tử", "phần mềm kế toán", "quản lý khách sạn", "đường"):
        typed = [decode_typed(w) for w in telex(text).split()]
        assert [t[0] for t in typed] == [w.folded for w in analyse_query(text).words]
        assert [t[1] for t in typed] == [accent_key(w) for w in text.split()]


def test_typo_budget_follows_vietnamese_syllable_length():
    assert [typo_budget(w) for w in ("ke", "mem", "toan", "quang", "nguoi", "marketing", "livestream")] == [
        0,
        0,
        1,
        1,
        1,
        2,
        2,
    ]
    assert typo_budget("2020") == 0


def test_query_words_prefix_and_limits():
    assert analyse_query("ke to").words[-1].prefix
    assert not analyse_query("ke to ").words[-1].prefix
    assert len(analyse_query("tu " * 300).words) == 10
    for text in ("", "   ", "!!! ??? ...", '"*" NEAR OR -', "😀🚀", "\x00\x1f", "a" * 5000):
        analyse_query(text)  # never raises


def test_accents_are_judged_only_when_the_user_typed_them():
    assert not analyse_query("hoa don").accents
    query = analyse_query("hóa đơn")
    assert query.accents and query.words[0].accent_keys == ("hoa1",)
    assert analyse_query("kế to").words[-1].accent_keys == ("to",)  # only the word itself is judged


def test_tokens_mark_phrase_breaks():
    assert tokens("Hóa đơn – Bạch Mã, Huế") == ["hóa", "đơn", "", "bạch", "mã", "", "huế"]


def test_synonyms_cover_abbreviations_both_ways():
    assert (0, 1, ("hoa", "don", "dien", "tu")) in synonym_spans(["hddt"])
    assert (0, 4, ("hddt",)) in synonym_spans(["hoa", "don", "dien", "tu"])
    assert (0, 1, ("ban", "hang")) in synonym_spans(["pos"])
    meili = meilisearch_synonyms()
    assert "hóa đơn điện tử" in meili["hđđt"] and "hóa đơn điện tử" in meili["hddt"]
    assert "hđđt" in meili["hóa đơn điện tử"]


def test_pure_modules_load_no_framework():
    modules = [
        "catalog.search.analysis",
        "catalog.search.embedded",
        "catalog.search.model",
        "catalog.search.bench",
        "catalog.search.highlight",
        "catalog.search.evaluation",
    ]
    code = (
        "import sys; import " + ", ".join(modules) + "; "
        "bad = sorted(m for m in ('flask', 'sqlalchemy') if m in sys.modules); "
        "print(bad); sys.exit(bool(bad))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr[-500:]
