"""Mail for accounts: verifying the address at registration, the same answer for a taken address (its
owner is told by mail), password reset by a one-time link, a one-time login link while locked out."""

from __future__ import annotations

import re
import time
import uuid

from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from sqlalchemy import func, select

from accounts.models import LoginSession, User
from core.extensions import db
from smes.models import Sme
from tests.conftest import csrf_token, form_post, login

SME_FORM = {"sme_name": "Quán phở Lan", "sector": "tourism", "tax_code": "0312345678", "province": "Hà Nội",
            "full_name": "Nguyễn Thị Lan", "password": "Pho-bo-Ha-Noi-26", "confirm": "Pho-bo-Ha-Noi-26"}


def _link(mailbox, address: str, path: str) -> str:
    text = mailbox.text(mailbox.for_(address)[-1])
    return re.search(rf"http://localhost({re.escape(path)}[^\s]*)", text).group(1)


def _register(client, email: str):
    return form_post(client, "/register/sme", {**SME_FORM, "email": email}, page="/register/sme")


def test_registration_asks_to_verify_the_address_and_the_link_logs_in(mail_app, mailbox):
    client = mail_app.test_client()
    answer = _register(client, "lan@quanpho.vn")
    assert answer.status_code == 302 and answer.headers["Location"] == "/register/check-email"
    assert client.get("/sme/").status_code == 302  # not logged in yet
    user = db.session.scalar(select(User).where(User.email == "lan@quanpho.vn"))
    assert user.email_verified_at is None

    [mail] = mailbox.for_("lan@quanpho.vn")
    assert mailbox.subject(mail) == "Xác nhận địa chỉ email của bạn"
    link = _link(mailbox, "lan@quanpho.vn", "/account/verify/")
    assert client.get(link).status_code == 200  # opening the link (or a mail scanner) changes nothing
    db.session.expire_all()
    assert db.session.get(User, user.id).email_verified_at is None
    confirmed = form_post(client, link, page=link)
    assert confirmed.status_code == 302 and confirmed.headers["Location"] == "/sme/"
    db.session.expire_all()
    assert db.session.get(User, user.id).email_verified_at is not None
    assert client.get("/sme/").status_code == 200  # logged in by the link
    again = client.get(link)
    assert again.status_code == 302  # already verified: nothing more to do


def test_a_taken_address_gets_the_same_answer_and_its_owner_a_mail(mail_app, mailbox, people):
    owner = people("sme", email="chu@quanpho.vn")
    db.session.commit()
    smes_before = db.session.scalar(select(func.count()).select_from(Sme))
    new = _register(mail_app.test_client(), "moi@quanpho.vn")
    taken = _register(mail_app.test_client(), "CHU@quanpho.vn")
    assert (taken.status_code, taken.headers["Location"]) == (new.status_code, new.headers["Location"])
    assert taken.get_data() == new.get_data()
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Sme)) == smes_before + 1  # only the new one
    assert db.session.scalar(select(func.count()).select_from(User).where(
        func.lower(User.email) == "chu@quanpho.vn")) == 1
    [told] = mailbox.for_(owner.email)
    assert mailbox.subject(told) == "Có người vừa đăng ký bằng địa chỉ email của bạn"
    assert "/password/forgot" in mailbox.text(told)


def test_the_registration_form_still_names_what_is_wrong(mail_app, mailbox, people):
    people("sme", email="chu@quanpho.vn")
    db.session.commit()
    answer = form_post(mail_app.test_client(), "/register/sme",
                       {**SME_FORM, "tax_code": "12", "email": "chu@quanpho.vn"}, page="/register/sme")
    body = answer.get_data(as_text=True)
    assert answer.status_code == 422 and "Mã số thuế gồm 10 chữ số" in body
    assert "đã có tài khoản" not in body
    assert mailbox.messages == []


def test_password_reset_by_a_one_time_link_ends_every_login(mail_app, mailbox, people):
    user = people("sme")
    db.session.commit()
    elsewhere = mail_app.test_client()
    login(elsewhere, user)
    assert elsewhere.get("/sme/").status_code == 200

    client = mail_app.test_client()
    for address in (user.email, "nobody@quanpho.vn"):  # the same answer either way
        answer = form_post(client, "/password/forgot", {"email": address}, page="/password/forgot")
        assert answer.status_code == 302 and answer.headers["Location"] == "/login"
    assert mailbox.for_("nobody@quanpho.vn") == []
    link = _link(mailbox, user.email, "/password/reset/")

    assert client.get(link).status_code == 200
    weak = form_post(client, link, {"password": "12345678", "confirm": "12345678"}, page=link)
    assert weak.status_code == 422 and "quá phổ biến" in weak.get_data(as_text=True)
    new = {"password": "Mat-khau-moi-2027", "confirm": "Mat-khau-moi-2027"}
    done = form_post(client, link, new, page=link)
    assert done.status_code == 302 and done.headers["Location"] == "/login"

    assert elsewhere.get("/sme/").status_code == 302  # the other login ended
    assert client.get(link).status_code == 404  # used once: the password it was made for changed
    login(client, user, "Mat-khau-moi-2027")
    assert client.get("/sme/").status_code == 200


def test_an_expired_or_forged_reset_link_does_nothing(mail_app, people):
    user = people("sme")
    db.session.commit()

    class AnHourAgo(TimestampSigner):
        def get_timestamp(self):
            return int(time.time()) - 3601

    from core import tokens

    old = URLSafeTimedSerializer(mail_app.config["SECRET_KEY"], salt="marketplace.password-reset",
                                 signer=AnHourAgo).dumps([user.id, tokens.fingerprint(user.password_hash)])
    client = mail_app.test_client()
    assert client.get(f"/password/reset/{old}").status_code == 404
    fresh = tokens.sign("password-reset", [user.id, tokens.fingerprint(user.password_hash)])
    assert client.get(f"/password/reset/{fresh}").status_code == 200
    assert client.get(f"/password/reset/{fresh[:-2]}xx").status_code == 404
    verify_token = tokens.sign("verify-email", [user.id, tokens.fingerprint(user.email)])
    assert client.get(f"/password/reset/{verify_token}").status_code == 404  # another purpose's token


def test_a_locked_account_gets_a_one_time_login_link(make_app, mailbox, people_factory):
    app = make_app(MAIL_PORT=mailbox.port, RATELIMIT_ENABLED=True, RATELIMIT_KEY_PREFIX=uuid.uuid4().hex)
    try:
        with app.app_context():
            user = people_factory(db.session, app)
            db.session.commit()
            client = app.test_client()
            if time.time() % 60 > 55:  # limits count per calendar minute
                time.sleep(61 - time.time() % 60)
            for _ in range(11):
                last = client.post("/login", data={"email": user.email, "password": "sai-mat-khau-1",
                                                   "csrf_token": csrf_token(client, "/login")})
            assert last.status_code == 429
            [mail] = mailbox.for_(user.email)
            assert mailbox.subject(mail) == "Đăng nhập bằng liên kết một lần"
            link = re.search(r"http://localhost(/login/link/\S+)", mailbox.text(mail)).group(1)
            assert client.get(link).status_code == 200
            logged = form_post(client, link, page=link)
            assert logged.status_code == 302 and logged.headers["Location"] == "/sme/"
            assert client.get("/sme/").status_code == 200
            assert db.session.scalar(select(func.count()).select_from(LoginSession)) == 1
            assert app.test_client().get(link).status_code == 404  # once only
    finally:
        make_app()  # Flask-Limiter's switch is process-wide: turn it off again for the other tests
        app.extensions["db_engine"].dispose()
