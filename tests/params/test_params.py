"""helpers.params: the strict params schema, its YAML loader and the ``params`` command."""

from __future__ import annotations

import builtins
import copy
import datetime as dt
import doctest
import io
import math
import pathlib
import pickle
from contextlib import redirect_stderr, redirect_stdout

import pydantic
import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers import params as P
from helpers.errors import ParamsError
from helpers.params import Params, Section, load_params, load_params_file, load_yaml, parse_date, parse_params
from helpers.run.cli import main

VALID = """\
client_name: "Acme Trail Co."        # required; shown on the cover
marketplace: US
currency: USD
account_type: seller
period: 2026-Q2
brand_terms: [Acme, "acme  trail", ACME]
competitor_terms: [hydro flask, yeti]
protected_terms: []
economics:
  price: 24.99
  cogs: 7.20
  fees: 8.10
  asins:
    B0ACME0001: {price: 34.99, cogs: 9.80, fees: 10.20}
    b0acme0002: {margin: 20%}
targets:
  acos: 25%
  tacos: 10%
  post_ad_margin: 10%
agency:
  name: "Northwind Commerce"
  logo: null
  accent: "#1F6F8B"
  contact: "am@northwind.example"
report:
  paper: letter
settings:
  attribution_lag_days: 3
  ipi_threshold: 400
  low_inventory_days: 28
  wasted_spend_min_clicks: 10
"""

MINIMAL = "client_name: Acme\nmarketplace: US\ncurrency: USD\n"


def write(root: pathlib.Path, text: str, client: str = "acme") -> pathlib.Path:
    folder = root / "params"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{client}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def refused(text: str, source: str = "params/acme.yaml") -> str:
    with pytest.raises(ParamsError) as info:
        parse_params(text, source)
    return str(info.value)


# -- a valid file ---------------------------------------------------------------------------------------


def test_valid_file_passes(tmp_path):
    write(tmp_path, VALID)
    p = load_params("acme", root=tmp_path)
    assert p.client_name == "Acme Trail Co."
    assert (p.marketplace, p.currency, p.account_type, p.period) == ("US", "USD", "seller", "2026-Q2")
    assert p.quarter is not None and p.quarter.label == "2026-Q2"
    assert p.brand_terms == ("acme", "acme trail")  # stripped, lower-cased, spaces collapsed, repeats dropped
    assert p.competitor_terms == ("hydro flask", "yeti")
    assert p.targets.acos == 0.25 and p.targets.tacos == pytest.approx(0.10)
    assert p.agency.accent == "#1f6f8b"
    assert p.paper == "letter"
    assert p.source == "params/acme.yaml"
    assert p.settings.wasted_spend_min_clicks == 10


def test_minimal_file_gets_defaults():
    p = parse_params(MINIMAL)
    assert p.account_type == "seller" and p.period is None and p.quarter is None
    assert p.brand_terms == () and p.economics.asins == {}
    assert p.settings.model_dump() == {
        "attribution_lag_days": 3,
        "ipi_threshold": 400,
        "low_inventory_days": 28,
        "wasted_spend_min_clicks": 10,
        "negative_alpha": 0.05,
        "negative_max_cvr_share": 0.5,
        "negative_min_spend": 5.0,
        "negative_min_dead_terms": 3,
        "harvest_min_orders": 2,
        "harvest_max_bid": None,
        "fba_fees": {"small_standard": 3.32, "large_standard": 4.75, "large_bulky": 9.61},
        "referral_fee": 0.15,
    }
    assert p.launches == {}
    assert math.isnan(p.break_even_acos()) and math.isnan(p.target_acos())


def test_empty_sections_read_as_defaults():
    p = parse_params(MINIMAL + "targets:\nsettings:\neconomics:\nagency:\nreport:\n")
    assert p.targets.acos is None and p.settings.ipi_threshold == 400 and p.paper == "letter"


@pytest.mark.parametrize(
    ("marketplace", "paper"),
    [("US", "letter"), ("CA", "letter"), ("MX", "letter"), ("DE", "a4"), ("IN", "a4")],
)
def test_paper_defaults_by_marketplace(marketplace, paper):
    p = parse_params(f"client_name: x\nmarketplace: {marketplace}\ncurrency: EUR\n")
    assert p.paper == paper and p.report.paper == paper


def test_explicit_paper_wins():
    assert parse_params(MINIMAL + "report: {paper: a4}").paper == "a4"


# -- economics and targets -------------------------------------------------------------------------------


def test_break_even_and_target_acos_worked_examples():
    # $29.99 with $18.00 of costs -> 40 % break-even (domain.md §4.1)
    p = parse_params(
        MINIMAL + "economics: {price: 29.99, cogs: 10.00, fees: 8.00}\ntargets: {post_ad_margin: 5%}"
    )
    assert round(p.break_even_acos(), 2) == 0.40
    assert p.target_acos() == pytest.approx(0.39980 - 0.05, abs=1e-5)
    # break-even 20 % - post-ad margin 5 % = 15 %
    p = parse_params(MINIMAL + "economics: {margin: 20%}\ntargets: {post_ad_margin: 5%}")
    assert p.economics_for().break_even_acos == 0.20
    assert p.target_acos() == pytest.approx(0.15)


def test_explicit_target_acos_wins_over_derived():
    p = parse_params(MINIMAL + "economics: {margin: 20%}\ntargets: {acos: 30%, post_ad_margin: 5%}")
    assert p.target_acos() == pytest.approx(0.30)


def test_target_acos_nan_when_not_computable():
    assert math.isnan(parse_params(MINIMAL + "economics: {margin: 0.2}").target_acos())  # no post_ad_margin
    assert math.isnan(parse_params(MINIMAL + "targets: {post_ad_margin: 0.05}").target_acos())  # no economics


def test_per_asin_overrides():
    p = parse_params(VALID)
    assert p.economics_for("B0ACME0001").break_even_acos == pytest.approx((34.99 - 9.80 - 10.20) / 34.99)
    assert p.economics_for("b0acme0002").break_even_acos == pytest.approx(0.20)  # keys upper-cased
    assert p.economics_for("B0OTHER000").break_even_acos == pytest.approx((24.99 - 7.20 - 8.10) / 24.99)
    assert p.economics_for().break_even_acos == p.economics_for(None).break_even_acos
    assert set(p.economics.asins) == {"B0ACME0001", "B0ACME0002"}
    p = parse_params(
        MINIMAL + "economics: {asins: {B0ACME0001: {margin: 0.3}}, }\ntargets: {post_ad_margin: 0.1}"
    )
    assert p.target_acos("B0ACME0001") == pytest.approx(0.2) and math.isnan(p.target_acos())


def test_economics_price_cogs_fees_xor_margin():
    message = refused(MINIMAL + "economics: {price: 20, cogs: 5, fees: 5, margin: 0.3}")
    assert message == (
        "params key 'economics' must be either price, cogs and fees, or margin alone; got margin with price "
        "and cogs and fees (in params/acme.yaml)"
    )
    message = refused(MINIMAL + "economics: {price: 20, cogs: 5}")
    assert (
        "params key 'economics' must be price, cogs and fees together (or margin alone); got only price and cogs"
        in message
    )
    message = refused(MINIMAL + "economics: {asins: {B0ACME0001: {}}}")
    assert (
        "params key 'economics.asins.B0ACME0001' must be price, cogs and fees, or margin; got nothing"
        in message
    )
    message = refused(MINIMAL + "economics: {asins: {ACME: {margin: 0.2}}}")
    assert (
        "params key 'economics.asins' must be keyed by ASINs" in message and "got the key 'ACME'" in message
    )
    assert "params key 'economics.price' must be a number > 0" in refused(
        MINIMAL + "economics: {price: 0, cogs: 1, fees: 1}"
    )


# -- refusals ------------------------------------------------------------------------------------------------


def test_unknown_key_refused_with_dotted_key_and_file(tmp_path):
    write(tmp_path, VALID.replace("  tacos: 10%", "  tacos: 10%\n  acoss: 20%"))
    with pytest.raises(ParamsError) as info:
        load_params("acme", root=tmp_path)
    assert str(info.value) == (
        "params key 'targets.acoss' must be one of the known keys (acos, tacos, post_ad_margin); "
        "got an unknown key (did you mean 'acos'?) (in params/acme.yaml)"
    )


def test_unknown_top_level_and_nested_keys():
    assert "params key 'colour' must be one of the known keys (client_name," in refused(
        MINIMAL + "colour: red"
    )
    message = refused(MINIMAL + "economics: {asins: {B0ACME0001: {margin: 0.2, cost: 1}}}")
    assert (
        "params key 'economics.asins.B0ACME0001.cost' must be one of the known keys (price, cogs, fees, margin)"
        in message
    )
    assert "params key 'settings.ipi' must be one of the known keys" in refused(
        MINIMAL + "settings: {ipi: 300}"
    )


def test_percent_above_one_refused_with_the_documented_message():
    assert refused(MINIMAL + "targets:\n  acos: 30\n") == (
        "params key 'targets.acos' must be a fraction (0.25) or a percent string ('25%'); got 30 (in params/acme.yaml)"
    )
    assert "got '150%'" in refused(MINIMAL + "targets: {acos: 150%}")
    assert "got -0.1" in refused(MINIMAL + "targets: {tacos: -0.1}")
    assert "got true" in refused(MINIMAL + "targets: {tacos: true}")


@pytest.mark.parametrize(
    ("snippet", "expected"),
    [
        (
            "currency: 123",
            "params key 'currency' must be an ISO 4217 code of 3 upper-case letters (e.g. USD); got 123",
        ),
        (
            "currency: usd",
            "params key 'currency' must be an ISO 4217 code of 3 upper-case letters (e.g. USD); got 'usd'",
        ),
        ("client_name: 42", "params key 'client_name' must be a non-empty string; got 42"),
        ("client_name: '  '", "params key 'client_name' must be a non-empty string; got '  '"),
        ("account_type: agency", "params key 'account_type' must be one of seller, vendor; got 'agency'"),
        ("period: 2026-07-01", "params key 'period' must be a quarter written YYYY-Qn"),
        ("period: 2026-Q5", "got '2026-Q5'"),
        (
            "settings: {ipi_threshold: '400'}",
            "params key 'settings.ipi_threshold' must be a whole number; got '400'",
        ),
        (
            "settings: {ipi_threshold: 4.5}",
            "params key 'settings.ipi_threshold' must be a whole number; got 4.5",
        ),
        (
            "settings: {low_inventory_days: true}",
            "params key 'settings.low_inventory_days' must be a whole number; got true",
        ),
        (
            "settings: {attribution_lag_days: -1}",
            "params key 'settings.attribution_lag_days' must be a whole number >= 0; got -1",
        ),
        ("settings: 5", "params key 'settings' must be a mapping of keys; got 5"),
        (
            "economics: {price: '24.99', cogs: 1, fees: 1}",
            "params key 'economics.price' must be a number; got '24.99'",
        ),
        (
            "economics: {price: .nan, cogs: 1, fees: 1}",
            "params key 'economics.price' must be a finite number; got nan",
        ),
        ("brand_terms: acme", "params key 'brand_terms' must be a list of terms"),
        (
            "brand_terms: [acme, 7]",
            "params key 'brand_terms' must be a list of non-empty text terms (quote numbers); got 7 as item 2",
        ),
        ("agency: {accent: 1f6f8b}", "params key 'agency.accent' must be a hex colour"),
        (
            "agency: {logo: /srv/logo.png}",
            "params key 'agency.logo' must be a .png or .svg path relative to the params folder",
        ),
        ("agency: {logo: logo.gif}", "params key 'agency.logo' must be a .png or .svg path"),
        ("report: {paper: A4}", "params key 'report.paper' must be one of letter, a4; got 'A4'"),
        ("2024: x", "params key '2024' must be a text key; got 2024"),
    ],
)
def test_wrong_types_and_values_name_key_and_file(snippet, expected):
    base = "\n".join(
        line for line in MINIMAL.splitlines() if not line.startswith(snippet.split(":")[0] + ":")
    )
    message = refused(base + "\n" + snippet + "\n")
    assert expected in message
    assert message.endswith("(in params/acme.yaml)")
    assert "\n" not in message


def test_missing_required_keys_and_several_problems():
    message = refused("marketplace: US\ncurrency: usd\ntargets: {acos: 30}\n")
    lines = message.splitlines()
    assert lines[0] == "params file params/acme.yaml has 3 problems:"
    assert lines[1].strip() == "params key 'client_name' must be set; got nothing (in params/acme.yaml)"
    assert lines[2].strip().startswith("params key 'currency' must be an ISO 4217 code")
    assert lines[3].strip().startswith("params key 'targets.acos' must be a fraction")


def test_error_carries_problem_lines():
    with pytest.raises(ParamsError) as info:
        parse_params("currency: 1\n")
    assert len(info.value.problems) == 3  # type: ignore[attr-defined]


def test_not_a_mapping():
    assert refused("") == (
        "params file must be a mapping of keys (client_name: ..., marketplace: ...); got an empty file (in params/acme.yaml)"
    )
    assert "got ['a']" in refused("- a\n")
    with pytest.raises(ParamsError, match="got 3"):
        parse_params(3)  # type: ignore[arg-type]


# -- NO is Norway: the YAML loader ----------------------------------------------------------------------------


def test_no_stays_a_string_and_is_refused_as_an_unknown_marketplace():
    assert load_yaml("marketplace: NO") == {"marketplace": "NO"}
    message = refused(MINIMAL.replace("marketplace: US", "marketplace: NO"))
    assert message == (
        "params key 'marketplace' must be one of US, CA, MX, BR, UK, DE, FR, IT, ES, NL, SE, PL, BE, JP, IN, "
        "AU, AE, SA, SG, TR, EG; got 'NO' (in params/acme.yaml)"
    )


def test_only_true_and_false_are_booleans():
    data = load_yaml("a: yes\nb: No\nc: on\nd: off\ne: y\nf: true\ng: False\nh: TRUE")
    assert data == {"a": "yes", "b": "No", "c": "on", "d": "off", "e": "y", "f": True, "g": False, "h": True}


def test_dates_and_yaml11_numbers_are_not_guessed():
    data = load_yaml(
        "d: 2026-07-01\nt: 2026-07-01 10:00:00\noctal: 010\nhex: 0x1F\ntime: 1:30\nu: 1_000\nperiod: 2026-Q3"
    )
    assert data == {
        "d": "2026-07-01",
        "t": "2026-07-01 10:00:00",
        "octal": "010",
        "hex": "0x1F",
        "time": "1:30",
        "u": "1_000",
        "period": "2026-Q3",
    }
    numbers = load_yaml("a: 0\nb: -12\nc: 1.5\nd: .5\ne: 1e3\nf: -2.5E-2\ng: .inf\nh: ~\ni: null\nj:")
    assert numbers == {
        "a": 0,
        "b": -12,
        "c": 1.5,
        "d": 0.5,
        "e": 1000.0,
        "f": -0.025,
        "g": math.inf,
        "h": None,
        "i": None,
        "j": None,
    }
    assert isinstance(numbers["a"], int) and isinstance(numbers["e"], float)


def test_the_stock_safe_loader_is_untouched():
    import yaml

    assert yaml.safe_load("a: NO\nd: 2026-07-01") == {"a": False, "d": dt.date(2026, 7, 1)}
    assert issubclass(P.ParamsLoader, yaml.SafeLoader)


def test_duplicate_keys_refused():
    message = refused(MINIMAL + "targets:\n  acos: 20%\n  tacos: 5%\n  acos: 25%\n")
    assert message == (
        "params key 'acos' must appear only once in its section; got it again on line 7 (first on line 5) "
        "(in params/acme.yaml)"
    )
    assert "params key 'currency' must appear only once" in refused(MINIMAL + "currency: EUR\n")


def test_merge_keys_and_python_tags_refused():
    assert "params key '<<' must be one of the known keys" in refused(MINIMAL + "<<: {period: 2026-Q1}\n")
    message = refused(MINIMAL + "x: !!python/object/apply:os.system ['true']\n")
    assert message.startswith("params file must be valid YAML; got could not determine a constructor")


def test_invalid_yaml_names_line_and_column():
    message = refused("client_name: [x\n")
    assert message.startswith("params file must be valid YAML; got ")
    assert "(in params/acme.yaml, line 2, column 1)" in message


def test_parse_date_is_explicit_iso():
    assert parse_date("2026-07-01") == dt.date(2026, 7, 1)
    with pytest.raises(ParamsError) as info:
        parse_date("01/07/2026", key="launches.date", source="params/acme.yaml")
    assert str(info.value) == (
        "params key 'launches.date' must be a date written YYYY-MM-DD (e.g. '2026-07-01'); got '01/07/2026' "
        "(in params/acme.yaml)"
    )
    with pytest.raises(ParamsError):
        parse_date("2026-02-30")


def test_iso_date_fields_for_later_sections():
    class Launch(Section):
        start: P.IsoDate

    assert Launch.model_validate(load_yaml("start: 2026-07-01")).start == dt.date(2026, 7, 1)
    with pytest.raises(pydantic.ValidationError, match="YYYY-MM-DD"):
        Launch.model_validate({"start": "July 1st"})


@given(value=st.floats(min_value=0, max_value=1))
def test_fraction_numbers_in_range_accepted(value):
    assert parse_params(MINIMAL + f"targets: {{acos: {value!r}}}").targets.acos == pytest.approx(value)


@given(percent=st.decimals(min_value=0, max_value=100, places=2))
def test_percent_strings_accepted(percent):
    assert parse_params(MINIMAL + f"targets: {{acos: '{percent}%'}}").targets.acos == pytest.approx(
        float(percent) / 100
    )


@given(value=st.one_of(st.integers(min_value=2, max_value=10**6), st.floats(min_value=1.0001, max_value=1e6)))
def test_fraction_numbers_above_one_refused(value):
    with pytest.raises(ParamsError, match=r"must be a fraction \(0.25\) or a percent string \('25%'\)"):
        parse_params(MINIMAL + f"targets: {{acos: {value!r}}}")


# -- files, slugs and the command ----------------------------------------------------------------------------


def test_bad_slug_refused_before_any_file_is_opened(tmp_path, monkeypatch):
    write(tmp_path, VALID, client="x")  # a file the bad slug could reach: it must not be read
    touched: list[str] = []

    def no_io(*args, **kwargs):
        touched.append(repr(args[:1]))
        raise AssertionError("a file was touched")

    with monkeypatch.context() as patch:
        for name in ("open", "read_text", "read_bytes", "is_file"):
            patch.setattr(pathlib.Path, name, no_io)
        patch.setattr(builtins, "open", no_io)
        with pytest.raises(ParamsError) as info:
            load_params("../params/x", root=tmp_path / "params")
    assert touched == []
    assert str(info.value) == (
        "client must be a slug of lower-case letters, digits and dashes (e.g. 'acme'); got '../params/x'"
    )
    with pytest.raises(ParamsError, match=r"client must be a slug .*; got '\.\./x'"):
        load_params("../x", root=tmp_path)


def test_missing_file_says_where_it_should_be(tmp_path):
    with pytest.raises(ParamsError) as info:
        load_params("globex", root=tmp_path)
    message = str(info.value)
    assert "params file for client 'globex' must exist at params/globex.yaml" in message
    assert "params/acme.yaml" in message and "example" in message


def test_load_params_file_outside_the_root_names_the_full_path(tmp_path):
    path = tmp_path / "elsewhere.yaml"
    path.write_text(MINIMAL + "targets: {acos: 30}\n", encoding="utf-8")
    with pytest.raises(ParamsError, match=rf"\(in {path}\)$"):
        load_params_file(path, root=tmp_path / "root")


def test_logo_must_exist_next_to_the_params_file(tmp_path):
    write(tmp_path, MINIMAL + "agency: {logo: logos/acme.png}\n")
    with pytest.raises(ParamsError, match=r"params key 'agency.logo' must name an existing file"):
        load_params("acme", root=tmp_path)
    (tmp_path / "params" / "logos").mkdir()
    (tmp_path / "params" / "logos" / "acme.png").write_bytes(b"\x89PNG")
    p = load_params("acme", root=tmp_path)
    assert p.logo_path == (tmp_path / "params" / "logos" / "acme.png").resolve()


def test_params_are_immutable_and_copyable():
    p = parse_params(VALID)
    with pytest.raises(pydantic.ValidationError, match="frozen"):
        p.client_name = "Other"  # type: ignore[misc]
    with pytest.raises(pydantic.ValidationError, match="frozen"):
        p.targets.acos = 0.5  # type: ignore[misc]
    with pytest.raises(TypeError, match="read-only"):
        p.economics.asins["B0NEW00000"] = p.economics.asins["B0ACME0001"]  # type: ignore[index]
    assert isinstance(p.brand_terms, tuple)
    assert pickle.loads(pickle.dumps(p)) == p and copy.deepcopy(p) == p
    assert Params.model_validate_json(p.model_dump_json()) == p
    assert hash(p)


def test_params_command_prints_a_summary(tmp_path):
    write(tmp_path, VALID)
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(["params", "acme", "--root", str(tmp_path)]) == 0
    text = out.getvalue()
    assert text.startswith("params/acme.yaml: ok")
    assert "Acme Trail Co. (seller, US, USD)" in text and "ACoS 25.0%" in text


def test_params_command_reports_one_line_and_exit_2(tmp_path):
    write(tmp_path, VALID.replace("marketplace: US", "marketplace: NO"))
    err = io.StringIO()
    with redirect_stderr(err):
        assert main(["params", "acme", "--root", str(tmp_path)]) == 2
    assert err.getvalue().startswith("shelfbook: error: params key 'marketplace' must be one of US, CA")
    assert err.getvalue().count("\n") == 1
    with redirect_stderr(io.StringIO()) as err:
        assert main(["params", "../x", "--root", str(tmp_path)]) == 2
    assert "client must be a slug" in err.getvalue()


def test_docstring_examples():
    import importlib
    import pkgutil

    attempted = 0
    for info in pkgutil.iter_modules(P.__path__):
        result = doctest.testmod(importlib.import_module(f"helpers.params.{info.name}"))
        assert result.failed == 0, info.name
        attempted += result.attempted
    assert attempted >= 4
