"""The rules of a vendor's documents (pure): what is complete, what each malformed field is told, and
which decisions an officer may take."""

from __future__ import annotations

import pytest

from vendors.vetting_rules import (
    MAX_REFERENCES,
    Documents,
    Reference,
    decision_refusal,
    may_resubmit,
    phone_valid,
    reason_problem,
    registration_no_problem,
)

REFS = [{"customer": "Công ty TNHH Gốm Bát Tràng", "contact": "Anh Hùng 0987654321", "uses": "Hóa đơn"},
        {"customer": "HTX Chè Tân Cương", "contact": "Chị Lan", "uses": "Bán hàng"}]


def _documents(**over) -> Documents:
    return Documents.of(**{"business_registration_no": "0101234567", "contact_name": "Trần Thị Mai",
                           "contact_position": "Giám đốc", "contact_phone": "0912345678",
                           "contact_email": "mai@congty.vn", "references": REFS, **over})


def test_complete_documents_have_no_problem_and_keep_the_references_given():
    documents = _documents(references=[REFS[0], {}, REFS[1]])
    assert documents.problems() == {}
    assert documents.to_json() == REFS
    assert _documents(contact_email=" Mai@CongTy.VN ").contact_email == "mai@congty.vn"


@pytest.mark.parametrize("phone", ["0912345678", "0912 345 678", "091.234.5678", "+84 912 345 678",
                                   "(024) 3825 1234", "0243-825-1234", "+842438251234"])
def test_vietnamese_telephone_numbers_as_people_write_them(phone):
    assert phone_valid(phone)


@pytest.mark.parametrize("phone", ["12345", "0012345678", "091234567", "091234567890", "84912345678",
                                   "０９１２３４５６７８", "٠٩١٢٣٤٥٦٧٨", "0912\n345678", "0912-abc-678",
                                   "+1 415 555 0100"])
def test_malformed_telephone_numbers(phone):
    assert not phone_valid(phone)
    assert "contact_phone" in _documents(contact_phone=phone).problems()


@pytest.mark.parametrize("number", ["0101234567", "0101234567-001", "0102001234", "4102012345/ĐKKD",
                                    "0103 012 345"])
def test_registration_numbers(number):
    assert registration_no_problem(number) is None


@pytest.mark.parametrize("number", ["ABC", "12345", "-0101234567", "0101234567\n", "０１０１２３４５６７",
                                    "0101234567; DROP", "01ABCDEFGHIJ"])
def test_malformed_registration_numbers(number):
    assert registration_no_problem(number) is not None


@pytest.mark.parametrize("email", ["mai@", "@congty.vn", "mai@congty", "mai tran@congty.vn", "mai@@congty.vn",
                                   "mai@công-ty.vn", "mai@congty.vn\nBcc: x@y.vn"])
def test_malformed_emails(email):
    assert "contact_email" in _documents(contact_email=email).problems()


def test_each_missing_field_is_named():
    problems = Documents.of(references=[]).problems()
    assert set(problems) == {"business_registration_no", "contact_name", "contact_position", "contact_phone",
                             "contact_email", "ref1_customer"}
    assert "2 khách hàng tham chiếu" in problems["ref1_customer"]


def test_a_started_reference_row_must_be_complete_and_two_are_needed():
    problems = _documents(references=[REFS[0], {"customer": "Nhà thuốc Minh Châu"}]).problems()
    assert set(problems) == {"ref2_contact", "ref2_uses"}
    only_one = _documents(references=[REFS[0], {}, {}]).problems()
    assert set(only_one) == {"ref2_customer"}
    too_many = _documents(references=[REFS[0]] * (MAX_REFERENCES + 1)).problems()
    assert "ref1_customer" in too_many


def test_references_are_bounded():
    long = Reference(customer="x" * 301, contact="y", uses="z")
    assert set(_documents(references=[long, REFS[1]]).problems()) == {"ref1_customer"}


def test_decisions_are_taken_on_submitted_documents_with_their_reasons():
    assert decision_refusal("submitted", "approve") is None
    for status in ("approved", "changes_requested", "rejected", None):
        assert decision_refusal(status, "approve") is not None
    assert decision_refusal("submitted", "promote") is not None
    assert reason_problem("approve", "") is None
    assert reason_problem("request_changes", "  ") is not None and reason_problem("reject", "") is not None
    assert reason_problem("reject", "x" * 4001) is not None


def test_the_vendor_resubmits_only_when_asked_or_never_submitted():
    assert may_resubmit("changes_requested") and may_resubmit(None)
    assert not any(may_resubmit(s) for s in ("submitted", "approved", "rejected"))
