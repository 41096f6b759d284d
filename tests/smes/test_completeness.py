"""What an SME profile lacks for good matches (smes/completeness.py, pure)."""

from types import SimpleNamespace

from smes.completeness import completeness


def _profile(**over):
    facts = dict(needs=[], problem=None, monthly_budget_vnd=None, size=None, employees=None,
                 annual_revenue_vnd=None, readiness_level=None)
    return SimpleNamespace(**{**facts, **over})


def test_an_empty_profile_misses_every_fact_in_order():
    found = completeness(_profile())
    assert [m.code for m in found.missing] == ["needs", "problem", "monthly_budget_vnd", "employees",
                                               "readiness"]
    assert (found.done, found.total, found.complete) == (0, 5, False)


def test_a_full_profile_is_complete_and_a_few_words_are_not_a_problem_text():
    full = _profile(needs=["e_invoice"], problem="Cần xuất hóa đơn điện tử cho quán cà phê",
                    monthly_budget_vnd=0, employees=8, readiness_level=1)
    assert completeness(full).complete
    short = _profile(**{**vars(full), "problem": "hóa đơn"})
    assert [m.code for m in completeness(short).missing] == ["problem"]
