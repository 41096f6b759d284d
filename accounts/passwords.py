"""Password policy and Argon2id hashing (pure; the cost comes from configuration)."""

from __future__ import annotations

import secrets

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError

from core.domain import N_, FieldMessage

MIN_LENGTH = 8

# The most common passwords in public breach lists, plus Vietnamese favourites.
COMMON_PASSWORDS = frozenset("""
123456 123456789 12345678 password qwerty123 qwerty 12345 1234567 111111 1234567890 123123 abc123
1234 password1 iloveyou 1q2w3e4r 000000 qwertyuiop 123321 654321 555555 3rjs1la7qe google 1q2w3e4r5t
123qwe zxcvbnm 1q2w3e 987654321 666666 121212 112233 11111111 88888888 123654 abcd1234 admin123
admin password123 welcome welcome1 letmein monkey dragon sunshine princess football baseball
matkhau matkhau123 anhyeuem emyeuanh 12341234 11223344 iloveyou1 hanoi123 saigon123 vietnam
vietnam123 123456a a123456 123456aa 1234qwer qwer1234 asdfghjk asdf1234 zaq12wsx passw0rd
""".split())


def password_problem(password: str) -> FieldMessage | None:
    """Why a password is refused (a message template, translated where it is shown), or None."""
    if len(password) < MIN_LENGTH:
        return N_("Mật khẩu phải có ít nhất %(n)s ký tự."), {"n": MIN_LENGTH}
    if password.lower() in COMMON_PASSWORDS or len(set(password)) < 3:
        return N_("Mật khẩu này quá phổ biến, dễ bị đoán; hãy chọn mật khẩu khác.")
    return None


class Passwords:
    """Argon2id hasher with a configurable cost."""

    def __init__(self, time_cost: int = 3, memory_cost: int = 65536):
        self._hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_cost, type=Type.ID)
        # A hash of no one's password, at the same cost: verifying against it when no account matches
        # takes as long as a wrong password on an existing account, so timing does not tell which
        # emails have accounts.
        self._nobody = self._hasher.hash(secrets.token_urlsafe(16))

    def hash(self, password: str) -> str:
        return self._hasher.hash(password)

    def verify_nobody(self, password: str) -> bool:
        """Spend the time of one verification, for a login that matches no usable account; False."""
        try:
            self._hasher.verify(self._nobody, password)
        except VerificationError:
            pass
        return False

    def verify(self, password_hash: str, password: str) -> bool:
        try:
            return self._hasher.verify(password_hash, password)
        except VerificationError:
            return False
        except InvalidHashError:  # an erased account ("!erased"): as slow as any other refusal
            return self.verify_nobody(password)
