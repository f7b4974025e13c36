"""Personal-data checker for reflections before export (AVG): what it flags, what it leaves alone."""
from datetime import date

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from sw_exercises.privacy import KINDS, Finding, bsn_valid, find_personal_data

# BSN test values are computed with the 11-proef here, not taken from real people.
VALID_BSNS = ["111222333", "123456782", "999999990"]
VALID_BSN_8 = "10000021"  # eight digits, read as 010000021
INVALID_BSNS = ["111222334", "123456789", "987654321", "000000000"]
THIS_YEAR = date.today().year


def kinds(text, names=()):
    return [(f.kind, f.text) for f in find_personal_data(text, names)]


def of_kind(text, kind, names=()):
    return [f.text for f in find_personal_data(text, names) if f.kind == kind]


def weighted_sum(digits):
    return sum(int(d) * w for d, w in zip(digits, (9, 8, 7, 6, 5, 4, 3, 2, -1)))


# --------------------------------------------------------------------------- bsn_valid


@pytest.mark.parametrize("digits", VALID_BSNS + [VALID_BSN_8, "123.456.782", "123 456 782"])
def test_the_11_proef_accepts_valid_numbers(digits):
    assert bsn_valid(digits)


@pytest.mark.parametrize("digits", INVALID_BSNS + ["", "12345678a", "1234567", "1234567890",
                                                   "１１１２２２３３３", "١١١٢٢٢٣٣٣", "12-345-6782"])
def test_the_11_proef_rejects_everything_else(digits):
    assert not bsn_valid(digits)


def test_bsn_valid_never_raises_on_non_strings():
    assert bsn_valid(None) is False  # type: ignore[arg-type]
    assert bsn_valid(111222333) is False  # type: ignore[arg-type]


def test_our_test_values_really_pass_the_11_proef():
    for digits in VALID_BSNS:
        total = weighted_sum(digits)
        assert total % 11 == 0 and total != 0
    assert weighted_sum("0" + VALID_BSN_8) % 11 == 0


# --------------------------------------------------------------------------- email


@pytest.mark.parametrize("address", [
    "jan@example.nl", "jan.de.vries@example.nl", "j.devries+werk@student.hva.nl",
    "fatima_el-amrani@mail.sub.example.com", "INFO@EXAMPLE.ORG",
])
def test_email_addresses_are_found(address):
    text = f"Mail haar op {address}. Dank!"
    assert kinds(text) == [("email", address)]


@pytest.mark.parametrize("text", [
    "jan at example dot nl", "@example.nl", "jan@", "jan@localhost", "het werkt @ school.",
    "prijs: 3@4 euro", "a@b.c",
])
def test_things_that_are_not_email_addresses(text):
    assert of_kind(text, "email") == []


def test_email_in_html_link():
    text = '<a href="mailto:jan@example.nl">mail</a>'
    assert kinds(text) == [("email", "jan@example.nl")]


# --------------------------------------------------------------------------- phone


@pytest.mark.parametrize("number", [
    "06-12345678", "06 12 34 56 78", "0612345678", "06 1234 5678", "06.12.34.56.78",
    "+31 6 12345678", "+31(0)6-12345678", "+31 (0)6 12345678", "0031 6 12345678", "+31612345678",
    "020-1234567", "010 123 4567", "0591-123456", "0591 12 34 56", "+31 20 123 4567",
    "(020) 1234567", "(0591) 123456", "+31 (0)20 1234567", "020 - 123 45 67",
])
def test_dutch_phone_numbers_are_found(number):
    for text in (f"Bel {number} na vijven.", f"tel:{number}", number, f"({number})"):
        assert kinds(text) == [("phone", number)], text


@pytest.mark.parametrize("text", [
    "In 2004 en 2005 en 2006 ging het goed.",      # years
    "Het kostte € 1.234.567,89 in totaal.",          # amounts
    "Het kostte 1234567890 cent.",                   # ten digits, not starting with 0
    "Ze woont in 1234 AB.",                          # postcode
    "Op 12-03-2020 was er overleg.",                # date
    "Vanaf 01-03-2021 12 gesprekken gevoerd.",      # date then a count: not a phone
    "Score 0,612345678 op de schaal.",               # decimal
    "Nummer 06-1234567 is te kort.",                 # nine digits
    "Nummer 06-123456789 is te lang.",               # eleven digits
    "Code 0 6 1 2 3 4 5 6 7 8.",                     # not a Dutch grouping
])
def test_things_that_are_not_phone_numbers(text):
    assert of_kind(text, "phone") == []


def test_a_nine_digit_number_starting_with_0_is_not_a_phone_number():
    digits = "0" + VALID_BSN_8   # 9 digits, valid BSN
    assert kinds(f"BSN {digits}.") == [("bsn", digits)]
    assert of_kind("Nummer 012345678 staat hier.", "phone") == []


# --------------------------------------------------------------------------- bsn


@pytest.mark.parametrize("written", [
    "111222333", "123456782", "123.456.782", "123 456 782", "111.222.333", VALID_BSN_8,
    "012345611", "012.345.611",
])
def test_valid_bsns_are_found(written):
    for text in (f"BSN: {written}", f"Zijn bsn is {written}.", f"({written})"):
        assert kinds(text) == [("bsn", written)], text


@pytest.mark.parametrize("text", [
    "BSN: 111222334", "BSN: 123456789", "BSN: 123.456.789",    # fail the 11-proef
    "Nummer 1112223330 is te lang.", "Nummer 1234567 is te kort.",
    "Het budget is € 111.222.333.",                           # an amount
    "BSN 123.456 782 met gemengde scheiding",                 # inconsistent grouping
    "Code 1-111222333 of 111222333-2",                        # glued to other digits
])
def test_numbers_that_are_not_bsns(text):
    assert of_kind(text, "bsn") == []


# --------------------------------------------------------------------------- postcode_house


@pytest.mark.parametrize("text, expected", [
    ("Ze woont aan de Dorpsstraat 12, 1234 AB Amsterdam.", "Dorpsstraat 12, 1234 AB"),
    ("Adres: 1234AB 12", "1234AB 12"),
    ("postcode 1234 ab, nr 5", "1234 ab, nr 5"),
    ("Kerkweg 3a 5678 CD Ergens", "Kerkweg 3a 5678 CD"),
    ("Laan van Meerdervoort 5\n2517 AB Den Haag", "Laan van Meerdervoort 5\n2517 AB"),
    ("dorpsstraat 7, 1234 AB", "7, 1234 AB"),
    ("Burgemeester de Withstraat 120-2, 1017 XY", "Burgemeester de Withstraat 120-2, 1017 XY"),
    ("1234 AB, huisnummer 17", "1234 AB, huisnummer 17"),
    ("Hoofdweg 12 A; 9999 ZZ", "Hoofdweg 12 A; 9999 ZZ"),
    ("Dorpsstraat 12,1234AB", "Dorpsstraat 12,1234AB"),
    ("Dorpsstraat 12 1234 AB", "Dorpsstraat 12 1234 AB"),
])
def test_postcode_with_house_number_is_found(text, expected):
    assert kinds(text) == [("postcode_house", expected)]


@pytest.mark.parametrize("text", [
    "Ze woont in postcodegebied 1234 AB.",        # a postcode alone: a whole street
    "De wijk 1234 AB is groot, met 3000 huizen.",  # number too far away
    "In 2004 en 12 andere jaren.",                  # 'en' is a word, not postcode letters
    "In 1990 is 5 keer verhuisd.",
    "Dorpsstraat 12, 1234 SA Ergens",               # SA/SD/SS are not used
    "Dorpsstraat 12, 1234 sd Ergens",
    "Dorpsstraat 12, 0123 AB Ergens",               # first digit 0
    "Dorpsstraat 12, 12345 AB Ergens",
    "Dorpsstraat 12, 1234 ABC Ergens",
])
def test_not_a_postcode_with_house_number(text):
    assert of_kind(text, "postcode_house") == []


# --------------------------------------------------------------------------- birth_date


@pytest.mark.parametrize("written", [
    "12-03-2004", "12/3/2004", "2004-03-12", "12.03.2004", "1-1-1900", "12 maart 2004",
    "3 mrt. 2004", "3 mrt 2004", "29 februari 2004", "12 MAART 2004", "5 okt. 1987",
    "12-mrt-2004", "31 december 1999", "7 sept. 1965", "1 jan 1950",
])
def test_full_dates_with_a_plausible_birth_year_are_found(written):
    for text in (f"Geboren op {written}.", f"({written})", written):
        assert kinds(text) == [("birth_date", written)], text


def test_the_year_range_follows_the_current_year():
    assert kinds(f"op 1-1-{THIS_YEAR - 10}") == [("birth_date", f"1-1-{THIS_YEAR - 10}")]
    assert kinds(f"op 1-1-{THIS_YEAR - 9}") == []
    assert kinds(f"op 1 januari {THIS_YEAR}") == []
    assert kinds("op 31-12-1899") == []


@pytest.mark.parametrize("text", [
    "Op 12 maart hadden we een gesprek.",     # no year
    "In 2004 verhuisde ze.",                  # year alone
    "Op 12-03 kwam ze langs.",
    "Geboren 12-03-04.",                      # two-digit year
    "Op 31-02-2004 gebeurde niets.",          # no such date
    "Op 12-13-2004 gebeurde niets.",
    "Op 12 maartje 2004.",
    "Versie 1.2.2004.7",
    "Op 12-03/2004 (gemengd)",
])
def test_not_a_birth_date(text):
    assert of_kind(text, "birth_date") == []


# --------------------------------------------------------------------------- name


def test_names_are_found_whole_word_case_and_accent_insensitive():
    text = "Zoë vertelde dat zoe en ZOE hetzelfde zijn; Zoëlla en Zoetermeer niet."
    assert of_kind(text, "name", ["Zoë"]) == ["Zoë", "zoe", "ZOE"]
    assert of_kind(text, "name", ["zoe"]) == ["Zoë", "zoe", "ZOE"]


def test_accents_in_decomposed_text_and_special_letters():
    text = "Zoe\u0308 (decomposed), Søren, Straße"
    assert of_kind(text, "name", ["Zoë", "Soren", "strasse"]) == ["Zoe\u0308", "Søren", "Straße"]


def test_multi_word_names():
    text = "Fatima El Amrani belde. Later kwam fatima  el-amrani en Fatima\nEl Amrani ook; Fatima alleen."
    found = of_kind(text, "name", ["Fatima El Amrani"])
    assert found == ["Fatima El Amrani", "fatima  el-amrani", "Fatima\nEl Amrani"]


def test_longest_name_wins_at_the_same_place():
    text = "Fatima El Amrani en Fatima."
    assert of_kind(text, "name", ["Fatima", "Fatima El Amrani"]) == ["Fatima El Amrani", "Fatima"]


def test_empty_short_and_odd_names_are_ignored():
    text = "A en B zijn letters; Jo is een naam, Jansen ook."
    assert of_kind(text, "name", ["", "   ", "A", "B", None, 3]) == []  # type: ignore[list-item]
    assert of_kind(text, "name", ["Jo"]) == ["Jo"]
    assert of_kind(text, "name", ["Jan"]) == []          # not inside 'Jansen'
    assert of_kind(text, "name", "Jansen") == ["Jansen"]  # a single string is one name


def test_names_with_regex_characters_are_literal():
    assert of_kind("Mr. (X) en Mr. Y", "name", ["Mr. (X)"]) == ["Mr. (X)"]
    assert of_kind("zie a.b en axb", "name", ["a.b"]) == ["a.b"]


# --------------------------------------------------------------------------- combined


def test_overlaps_are_settled_by_the_stronger_kind():
    text = "Mail fatima@example.nl of bel; mei is fijn maar 12 mei 2004 is een datum."
    assert kinds(text, ["Fatima", "Mei"]) == [
        ("email", "fatima@example.nl"), ("name", "mei"), ("birth_date", "12 mei 2004"),
    ]
    assert kinds("Op 06-03-2004 12 gesprekken.") == [("birth_date", "06-03-2004")]


def test_findings_are_sorted_and_point_into_the_text():
    text = ("Cliënt Jan de Vries (BSN 111.222.333), geboren 3 mrt. 1980, woont Kerkweg 3a 5678 CD "
            "Ergens, tel. 06-12345678, mail jan@example.nl. Jan belt morgen.")
    found = find_personal_data(text, ["Jan de Vries", "Jan"])
    assert [f.kind for f in found] == [
        "name", "bsn", "birth_date", "postcode_house", "phone", "email", "name"]
    assert [f.text for f in found] == [
        "Jan de Vries", "111.222.333", "3 mrt. 1980", "Kerkweg 3a 5678 CD", "06-12345678",
        "jan@example.nl", "Jan"]
    for f in found:
        assert text[f.start:f.end] == f.text
        assert f.kind in KINDS
    assert all(a.end <= b.start for a, b in zip(found, found[1:]))


def test_no_personal_data_gives_an_empty_list():
    assert find_personal_data("") == []
    assert find_personal_data("Vandaag was een goede dag op stage, in 2024 ga ik verder.") == []


def test_finding_is_frozen():
    f = Finding("email", 0, 1, "x")
    with pytest.raises(AttributeError):
        f.kind = "name"  # type: ignore[misc]


# --------------------------------------------------------------------------- excerpt


def test_excerpt_marks_the_match_with_context_and_ellipses():
    text = "Dit is een vrij lange inleiding. Bel 06-12345678 als er iets is, want dat kan altijd gebeuren."
    (f,) = find_personal_data(text)
    assert f.excerpt(text, width=10) == "…ding. Bel [06-12345678] als er ie…"
    assert f.excerpt(text) == "…een vrij lange inleiding. Bel [06-12345678] als er iets is, want dat kan …"


def test_excerpt_at_the_edges_has_no_ellipsis_and_is_one_line():
    text = "06-12345678\nbellen"
    (f,) = find_personal_data(text)
    assert f.excerpt(text) == "[06-12345678] bellen"
    assert f.excerpt(text, width=0) == "[06-12345678]…"
    text = "Mail:\tjan@example.nl"
    (f,) = find_personal_data(text)
    assert f.excerpt(text, 100) == "Mail: [jan@example.nl]"


# --------------------------------------------------------------------------- robustness

FRAGMENTS = [
    "Jan", "Zoë", "06-12345678", "+31 6 12345678", "111.222.333", "111222333", "1234 AB", "12",
    "12-03-2004", "3 mrt. 2004", "jan@example.nl", "@", ".", "-", " ", "\n", ",", "€", "(0)",
    "<b>", "</b>", "&nbsp;", "😀", "👩🏽‍⚕️", "\u0308", "ß", "0", "9", "31", "+", "mei", "en",
]


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(st.text(), st.lists(st.sampled_from(FRAGMENTS)).map("".join)),
       names=st.lists(st.one_of(st.text(max_size=12), st.sampled_from(FRAGMENTS)), max_size=4))
def test_never_raises_and_findings_are_consistent(text, names):
    found = find_personal_data(text, names)
    assert all(isinstance(f, Finding) for f in found)
    for f in found:
        assert 0 <= f.start < f.end <= len(text)
        assert text[f.start:f.end] == f.text
        assert f.kind in KINDS
        assert isinstance(f.excerpt(text), str)
    assert all(a.end <= b.start for a, b in zip(found, found[1:]))


@st.composite
def valid_bsns(draw):
    first = draw(st.lists(st.integers(0, 9), min_size=8, max_size=8))
    head = "".join(map(str, first))
    check = weighted_sum(head + "0") % 11  # the last weight is -1, so check digit = sum mod 11
    assume(check != 10 and weighted_sum(head + str(check)) != 0)
    return head + str(check)


def written(digits, style):
    if style == "dots":
        return f"{digits[:3]}.{digits[3:6]}.{digits[6:]}"
    if style == "spaces":
        return f"{digits[:3]} {digits[3:6]} {digits[6:]}"
    return digits


@settings(max_examples=300, deadline=None)
@given(digits=valid_bsns(), style=st.sampled_from(["plain", "dots", "spaces"]),
       context=st.sampled_from(["BSN {}", "Het bsn van mevrouw is {}.", "({})", "{}", "bsn:{}\n"]))
def test_every_valid_bsn_is_found(digits, style, context):
    assert bsn_valid(digits)
    number = written(digits, style)
    assert kinds(context.format(number)) == [("bsn", number)]


@settings(max_examples=300, deadline=None)
@given(digits=valid_bsns(), position=st.integers(0, 8), delta=st.integers(1, 9),
       style=st.sampled_from(["plain", "dots", "spaces"]))
def test_a_valid_bsn_with_one_digit_changed_is_never_found(digits, position, delta, style):
    changed = digits[:position] + str((int(digits[position]) + delta) % 10) + digits[position + 1:]
    assert not bsn_valid(changed)
    assert of_kind(f"Het BSN is {written(changed, style)}.", "bsn") == []


PARAGRAPH = (
    "Vandaag sprak ik met Fatima El Amrani (geboren 12 maart 2004) over haar situatie. "
    "Ze woont aan de Dorpsstraat 12, 1234 AB Amsterdam en is bereikbaar op 06-12345678 "
    "of fatima.elamrani+stage@example.nl. Haar BSN 111.222.333 staat in het dossier. "
    "In 2024 kreeg ze € 1.250,00 toeslag; 😀 <p>het gaat beter</p>\n"
)
PER_PARAGRAPH = [("name", "Fatima El Amrani"), ("birth_date", "12 maart 2004"),
                 ("postcode_house", "Dorpsstraat 12, 1234 AB"), ("phone", "06-12345678"),
                 ("email", "fatima.elamrani+stage@example.nl"), ("bsn", "111.222.333")]


# How fast these are scanned (CPU time per input, worst case) is measured by `make bench`
# (benchmarks/privacy.py, which scans these same inputs); the tests check what is found.

def test_a_long_text_is_scanned_correctly():
    copies = 200_000 // len(PARAGRAPH) + 1
    text = (PARAGRAPH * copies)[:200_000]
    whole = 200_000 // len(PARAGRAPH)
    found = find_personal_data(text, ["Fatima El Amrani", "Zoë"])
    assert [(f.kind, f.text) for f in found][:len(PER_PARAGRAPH) * whole] == PER_PARAGRAPH * whole


PATHOLOGICAL_NAMES = ["Jan de Vries", "Zoë"]
PATHOLOGICAL = [
    ("letters", "a" * 200_000, []),
    ("digits", "1" * 200_000, []),
    ("zeros", "0" * 200_000, []),
    ("spaced digits", "0 " * 100_000, []),
    ("dashed digits", "1-" * 100_000, []),
    ("phone-like runs", "06-" * 66_000, [("phone", "06-06-06-06-06")] * 13_200),
    ("dots", "1." * 100_000, []),
    ("at signs", "a@" * 100_000, []),
    ("almost emails", "x@a." * 50_000, []),
    ("long local part", "a." * 100_000 + "@", []),
    ("long domain", "a@" + "b." * 100_000 + "-", []),
    ("postcodes", "1234 AB " * 25_000, []),
    ("capital words", "Aaaa " * 40_000, []),
    ("years", "2004 en " * 25_000, []),
    ("spaces", "Jan" + " " * 200_000 + "x", []),
    ("plus", "+31 " * 50_000, []),
    ("emoji", "😀" * 100_000, []),
    ("html", "<div><span>&nbsp;</span></div>" * 7_000, []),
    ("tussenvoegsels", "De " * 66_000, []),
    ("forms of address", "mevrouw " * 25_000, []),
    ("capital word and number", "Ab 12 " * 33_000, []),
    ("streets", "Kerkstraat 1 " * 15_000, [("street_house", "Kerkstraat 1")] * 15_000),
]


@pytest.mark.parametrize("name, text, expected", PATHOLOGICAL)
def test_pathological_inputs_are_scanned_correctly(name, text, expected):
    found = find_personal_data(text, PATHOLOGICAL_NAMES)
    assert [(f.kind, f.text) for f in found] == expected, name


def test_names_in_a_long_non_ascii_text_are_exact():
    text = ("Zoë ß 😀 e\u0301 Straße " * 10_000)
    found = find_personal_data(text, ["zoe", "strasse"])
    assert [f.text for f in found] == ["Zoë", "Straße"] * 10_000
