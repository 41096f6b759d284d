"""Password policy and Argon2id hashing (pure; the cost comes from configuration)."""

from __future__ import annotations

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError

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


def password_problem(password: str, lang: str = "vi") -> str | None:
    """Why a password is refused, or None if it is acceptable."""
    if len(password) < MIN_LENGTH:
        return (f"Mật khẩu phải có ít nhất {MIN_LENGTH} ký tự." if lang == "vi"
                else f"The password must have at least {MIN_LENGTH} characters.")
    if password.lower() in COMMON_PASSWORDS or len(set(password)) < 3:
        return ("Mật khẩu này quá phổ biến, dễ bị đoán; hãy chọn mật khẩu khác." if lang == "vi"
                else "This password is too common; choose another one.")
    return None


class Passwords:
    """Argon2id hasher with a configurable cost."""

    def __init__(self, time_cost: int = 3, memory_cost: int = 65536):
        self._hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_cost, type=Type.ID)

    def hash(self, password: str) -> str:
        return self._hasher.hash(password)

    def verify(self, password_hash: str, password: str) -> bool:
        try:
            return self._hasher.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False
