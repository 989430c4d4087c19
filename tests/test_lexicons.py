"""Each pattern file's `data` is declared once (dxextract/lexicons.py) and checked when the file loads:
a missing, undeclared or mistyped key is an error that names the file and the key, before any
article is read."""
from __future__ import annotations

import copy

import pytest
import regex

from dxextract import lexicons, rules


def _raw(name: str) -> dict:
    return copy.deepcopy(rules.load(name).data)


def test_every_pattern_file_with_data_is_declared_and_read_as_declared():
    for name in rules.pattern_files():
        pf = rules.load(name)
        assert (pf.lexicon is None) == (not pf.data), name
        if pf.data:
            assert isinstance(pf.lexicon, lexicons.SCHEMAS[name]), name


def test_values_are_converted_by_their_declared_type():
    numbers = rules.load("numbers").lexicon
    assert numbers.spelled.scales["triệu"] == 1_000_000 and type(numbers.spelled.scales["triệu"]) is int  # `1e6`
    assert numbers.suffixes["k"] == 1000.0 and isinstance(numbers.function_words, frozenset)
    assert isinstance(numbers.identifier, regex.Pattern)  # `identifier_pattern` in the file
    legal = rules.load("legal").lexicon
    assert legal.issuers["TTG"].name == "Thủ tướng Chính phủ"  # keys upper-cased: `TTg` and `TTG` are one code
    assert rules.load("sites").lexicon.profiles[0].matches("www." + rules.load("sites").lexicon.profiles[0].hosts[0])


@pytest.mark.parametrize("name, change, said", [
    ("numbers", lambda d: d["spelled"]["scales"].update({"nghìn": "a thousand"}),
     "numbers.yaml: data.spelled.scales.nghìn: expected a whole number, got 'a thousand'"),
    ("numbers", lambda d: d.pop("suffixes"), "numbers.yaml: data.suffixes: missing"),
    ("dates", lambda d: d.update({"two_digit_pivott": 30}), "dates.yaml: data.two_digit_pivott: not declared in dxextract.lexicons.Dates"),
    ("dates", lambda d: d.update({"range_rules": "day_range"}), "dates.yaml: data.range_rules: expected a list, got 'day_range'"),
    ("numbers", lambda d: d.update({"year_like": "(19|20"}), "numbers.yaml: data.year_like: does not compile"),
    ("organizations", lambda d: d["orgs"][1].pop("forms"), "organizations.yaml: data.orgs[1].forms: missing"),
    ("legal", lambda d: d["issuers"]["UBND"].update({"scope": 1}), "legal.yaml: data.issuers.UBND.scope: expected a string, got 1"),
])
def test_a_bad_value_is_an_error_naming_the_file_and_the_key(name, change, said):
    data = _raw(name)
    change(data)
    with pytest.raises(rules.DataError) as e:
        rules.declared(f"{name}.yaml", data)
    assert str(e.value).startswith(said)


def test_a_file_with_data_but_no_declaration_fails_to_load():
    with pytest.raises(rules.DataError, match=r"^extra\.yaml: data: not declared in lexicons\.SCHEMAS"):
        rules.declared("extra.yaml", {"words": ["một"]})
    assert rules.declared("extra.yaml", {}) is None
