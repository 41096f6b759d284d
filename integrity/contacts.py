"""What identifies a firm, written the same way whoever typed it (pure).

Related parties are found by identifiers that two firms should not share: a telephone line, an
e-mail address or a private e-mail domain, a street address, the root of a tax code. People type
them in many ways ("+84 912.345.678", "0912 345 678"; "Số 12, P. Bến Nghé, Q.1, TP.HCM" and
"12 Bến Nghé Quận 1"), so each is reduced to a key first. A key is only made when it identifies
one firm: the free mailboxes everybody uses (gmail.com, yahoo.com.vn, the VNPT and FPT ISP
mailboxes...) have no domain key, shared service numbers (1800/1900) and numbers too short to
name a line have no phone key, and an address without a house, lane or floor number has no key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

from core.text import fold_word, words

# Mailbox providers open to anyone: two firms with addresses there share nothing but the provider.
# International ones, and the Vietnamese ISPs' and portals' free mailboxes (their subdomains too:
# hn.vnn.vn, hcm.fpt.vn).
PUBLIC_EMAIL_DOMAINS = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "yahoo.com",
        "yahoo.com.vn",
        "ymail.com",
        "rocketmail.com",
        "outlook.com",
        "outlook.com.vn",
        "hotmail.com",
        "hotmail.com.vn",
        "live.com",
        "msn.com",
        "icloud.com",
        "me.com",
        "mac.com",
        "aol.com",
        "proton.me",
        "protonmail.com",
        "zoho.com",
        "mail.com",
        "gmx.com",
        "yandex.com",
        "mail.ru",
        "qq.com",
        "163.com",
        "vnn.vn",
        "fpt.vn",
        "viettel.vn",
        "vnpt.vn",
        "zing.vn",
        "saigonnet.vn",
        "netnam.vn",
    }
)
# Sites anyone can have a page on: a vendor's website there names no domain of its own.
PUBLIC_WEB_HOSTS = frozenset(
    {
        "facebook.com",
        "fb.com",
        "zalo.me",
        "google.com",
        "blogspot.com",
        "wordpress.com",
        "wixsite.com",
        "github.io",
        "shopee.vn",
        "lazada.vn",
        "tiki.vn",
        "sendo.vn",
        "youtube.com",
        "tiktok.com",
        "linkedin.com",
        "instagram.com",
    }
)
# Second-level labels under a country code that are not a registrant's name: abc.com.vn is one domain.
_SECOND_LEVEL = frozenset(
    {"com", "net", "org", "edu", "gov", "biz", "info", "name", "pro", "health", "ac", "int", "co"}
)
# Toll-free and premium-rate numbers: one number answers for many firms (a vendor's hotline).
SERVICE_PREFIXES = ("1800", "1900")
MIN_PHONE_DIGITS = 9  # a subscriber number without its area code names no line

_PHONE_SPLIT = re.compile(r"[,;/|]|\s[-–]\s|\bho[aặ]c\b|\bor\b", re.IGNORECASE)
_EXTENSION = re.compile(r"(ext\.?|extension|m[aá]y l[eẻ]|nh[aá]nh|\bx)\s*\d+\s*$", re.IGNORECASE)
_NUMBER = re.compile(r"\d+")
_NON_DIGITS = re.compile(r"\D")
# An address's tokens: a door number with its letter ('12a'), a word, or a bare number ('q1' -> q, 1).
_TOKEN = re.compile(r"\d+[a-z]?(?![a-z])|[a-z]+|\d+")
_SEGMENT = re.compile(r"[,;]|\s[-–]\s")
_LABEL = re.compile(r"^\s*(địa chỉ|dia chi|trụ sở|tru so|đc|address)\s*:?", re.IGNORECASE)
# Folded words that say what kind of place follows, not which: left out of an address key.
_PLACE_WORDS = frozenset(
    {
        "so",
        "nha",
        "duong",
        "pho",
        "ngo",
        "ngach",
        "hem",
        "kiet",
        "to",
        "khu",
        "khom",
        "ap",
        "thon",
        "xom",
        "lo",
        "tang",
        "lau",
        "phong",
        "toa",
        "can",
        "block",
        "tower",
        "building",
        "floor",
        "room",
        "street",
        "road",
        "viet",
        "nam",
        "vietnam",
        "vn",
        "va",
        "no",
    }
)
# Administrative units, as written (with or without their tone marks): a number right after one names
# the unit (Quận 1, Phường 5), not a door; one that opens a part of the address starts the area. Inside
# a name they are ordinary words: Trần Hưng Đạo, Nguyễn Thị Minh Khai, Quán Thánh, Xã Đàn.
_UNITS = {"phường": "p", "phuong": "p", "p": "p", "quận": "q", "quan": "q", "q": "q"}
_ADMIN_WORDS = frozenset({"xã", "xa", "x", "huyện", "huyen", "h", "tỉnh", "tinh", "tp", "tx", "tt"})
_ADMIN_PAIRS = frozenset(
    {("thị", "trấn"), ("thi", "tran"), ("thị", "xã"), ("thi", "xa"), ("thành", "phố"), ("thanh", "pho")}
)
# Short names of the big cities, written out as the long form's words.
_CITY_ALIASES = {
    "hcm": ("ho", "chi", "minh"),
    "tphcm": ("ho", "chi", "minh"),
    "hcmc": ("ho", "chi", "minh"),
    "sg": ("sai", "gon"),
    "hn": ("ha", "noi"),
    "hanoi": ("ha", "noi"),
    "hp": ("hai", "phong"),
    "dn": ("da", "nang"),
}
STREET_WORDS = 4  # the words after the door number that name the street, at most
AREA_OVERLAP = 0.6  # the share of the shorter area description (ward, district, city) the other must hold


# -- telephones ---------------------------------------------------------------------------------------


def phone_keys(text: str | None) -> set[str]:
    """The lines a phone field names, as national numbers ('0912345678'): '+84 912 345 678',
    '0912.345.678' and '84912345678' are one line; '1900 1234' and '3812 3456' name none."""
    keys = set()
    for part in _PHONE_SPLIT.split(text or ""):
        part = _EXTENSION.sub("", part.strip())
        digits = "".join(_NUMBER.findall(part))
        if digits.startswith("84") and len(digits) in (11, 12):
            digits = "0" + digits[2:]
        elif digits.startswith("0084"):
            digits = "0" + digits[4:]
        elif (
            len(digits) in (9, 10) and not digits.startswith("0") and not digits.startswith(SERVICE_PREFIXES)
        ):
            digits = "0" + digits  # the national prefix left out
        if len(digits) < MIN_PHONE_DIGITS or digits.startswith(SERVICE_PREFIXES):
            continue
        keys.add(digits)
    return keys


def phone_shown(key: str) -> str:
    """'0912345678' -> '0912 345 678'; '02438123456' -> '024 3812 3456' (as people read them)."""
    if len(key) == 10:
        return f"{key[:4]} {key[4:7]} {key[7:]}"
    if len(key) == 11:
        return f"{key[:3]} {key[3:7]} {key[7:]}"
    return key


# -- e-mail --------------------------------------------------------------------------------------------


def email_key(text: str | None) -> str | None:
    """One mailbox, whatever its spelling: lower case, '+tags' dropped, and Gmail's dots too."""
    address = (text or "").strip().lower()
    local, at, domain = address.rpartition("@")
    if not at or not local or "." not in domain:
        return None
    local = local.split("+", 1)[0]
    if domain in ("gmail.com", "googlemail.com"):
        local, domain = local.replace(".", ""), "gmail.com"
    return f"{local}@{domain}" if local else None


def registered_domain(domain: str) -> str:
    """The name a firm registers: 'mail.abc.com.vn' -> 'abc.com.vn', 'sales.abc.vn' -> 'abc.vn'."""
    labels = [label for label in domain.lower().strip(".").split(".") if label]
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def website_domain(url: str | None) -> str | None:
    """The firm's own domain of its website ('https://www.abc.com.vn/lien-he' -> 'abc.com.vn'), or None
    for a page on a public platform."""
    host = (url or "").strip().lower().split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
    if "." not in host or " " in host:
        return None
    domain = registered_domain(host)
    return None if domain in PUBLIC_WEB_HOSTS or domain in PUBLIC_EMAIL_DOMAINS else domain


def private_domain(email: str | None) -> str | None:
    """The firm's own domain of an address, or None for a public mailbox provider."""
    key = email_key(email)
    if key is None:
        return None
    domain = registered_domain(key.rpartition("@")[2])
    return None if domain in PUBLIC_EMAIL_DOMAINS else domain


# -- addresses -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AddressKey:
    """An address as its door numbers (house, lane, floor, room), the street that follows the last of
    them, and the words of the area (ward, district, city), all folded."""

    numbers: tuple[str, ...]  # sorted: 'số 12 ngõ 34' and '12/34' are one door
    street: tuple[str, ...]
    area: frozenset[str]
    shown: str  # as first written, for the reason a person reads

    def same_place(self, other: AddressKey) -> bool:
        """The same door on the same street (one name may be cut short), in a compatible area: the
        same building's other floor, the street's other numbers and the same street in another city
        are other places."""
        if self.numbers != other.numbers:
            return False
        short, long = sorted((self.street, other.street), key=len)
        if long[: len(short)] != short:
            return False
        if not self.area or not other.area:
            return True  # one of them does not say where: the door and street decide
        common = len(self.area & other.area)
        return common / min(len(self.area), len(other.area)) >= AREA_OVERLAP


def _address_tokens(text: str) -> list[tuple[str, str]]:
    """('num', '12') | ('word', 'le') | ('stop', '') at an administrative unit | ('end', '') at a comma."""
    tokens: list[tuple[str, str]] = []
    for segment in _SEGMENT.split(_LABEL.sub("", text)):
        # (as written, folded) per token: 'q1' and 'Q.1' are 'q' then '1'
        parts = []
        for written in words(segment.replace(".", " ")):
            found = _TOKEN.findall(fold_word(written))
            parts += [(written if len(found) == 1 else token, token) for token in found]
        i = 0
        while i < len(parts):
            written, token = parts[i]
            after = parts[i + 1] if i + 1 < len(parts) else ("", "")
            if token[0].isdigit():
                tokens.append(("num", token.lstrip("0") or "0"))
            elif written in _UNITS and after[1][:1].isdigit():
                tokens.append(("word", _UNITS[written] + (after[1].lstrip("0") or "0")))
                i += 1
            elif (written, after[0]) in _ADMIN_PAIRS:
                tokens.append(("stop", ""))
                i += 1
            elif i == 0 and (written in _UNITS or written in _ADMIN_WORDS):
                tokens.append(("stop", ""))
            elif token not in _PLACE_WORDS:
                tokens += [("word", w) for w in _CITY_ALIASES.get(token, (token,))]
            i += 1
        tokens.append(("end", ""))
    return tokens


def address_key(text: str | None, province: str | None = None) -> AddressKey | None:
    """The key of an address, or None when it names no door (no number) or no street; the firm's
    province, when known, joins the words of its area (an address often leaves the city out)."""
    tokens = _address_tokens(text or "")
    last = max((i for i, (kind, _) in enumerate(tokens) if kind == "num"), default=None)
    if last is None:
        return None
    street: list[str] = []
    after = tokens[last + 1 :]
    while after and after[0][0] == "end" and not street:  # 'số 12, phố Huế': the next part names it
        after = after[1:]
    for kind, value in after:
        if kind != "word" or len(street) == STREET_WORDS:
            break
        street.append(value)
    if not street:  # the number ends the name ('CMT8'): the words just before it
        for kind, value in reversed(tokens[:last]):
            if kind != "word" or len(street) == STREET_WORDS:
                break
            street.insert(0, value)
    if not street:
        return None
    numbers = tuple(sorted(value for kind, value in tokens if kind == "num"))
    area = {value for kind, value in tokens if kind == "word"} - set(street)
    if province:
        area |= {value for kind, value in _address_tokens(province) if kind == "word"}
    return AddressKey(numbers, tuple(street), frozenset(area), " ".join((text or "").split()))


# -- tax codes -----------------------------------------------------------------------------------------


def tax_root(tax_code: str | None) -> str | None:
    """The enterprise's 10-digit code: a branch ('0101234567-001') shares its parent's root."""
    digits = "".join(_NUMBER.findall((tax_code or "").split("-", 1)[0]))
    return digits if len(digits) == 10 else None


# -- a firm's identifiers, and what two firms share ----------------------------------------------------


class Contacts(NamedTuple):
    """A firm's contact details as typed (the columns of its row, as a scan reads a million of them)."""

    phone: str | None = None
    other_phone: str | None = None  # an SME's contact person's line
    email: str | None = None
    address: str | None = None
    tax_code: str | None = None
    province: str | None = None
    website: str | None = None  # a vendor's
    people: tuple[str, ...] = ()  # the login mailboxes of its people (SME users, vendor members)

    @property
    def phones(self) -> tuple[str | None, ...]:
        return (self.phone, self.other_phone)

    @property
    def emails(self) -> tuple[str | None, ...]:
        return (self.email, *self.people)


@dataclass(frozen=True)
class Identifiers:
    """Every key of one firm."""

    phones: frozenset[str] = frozenset()
    emails: frozenset[str] = frozenset()
    domains: frozenset[str] = frozenset()  # private ones
    addresses: tuple[AddressKey, ...] = ()
    tax_root: str | None = None

    @classmethod
    def of(cls, contacts: Contacts) -> Identifiers:
        return cls(
            phones=frozenset(key for text in contacts.phones for key in phone_keys(text)),
            emails=frozenset(key for text in contacts.emails if (key := email_key(text))),
            domains=frozenset(
                domain
                for domain in (*map(private_domain, contacts.emails), website_domain(contacts.website))
                if domain
            ),
            addresses=tuple(key for key in (address_key(contacts.address, contacts.province),) if key),
            tax_root=tax_root(contacts.tax_code),
        )

    @cached_property
    def _rough(self) -> tuple[tuple[str, ...], tuple[str, ...], tuple[tuple[str, ...], ...]]:
        """What another firm's details must contain, as typed, to share a key with this one: a line's
        digits after the national 0, a mailbox's domain ('@x' or '.x' at its end), a door's numbers."""
        domains = {registered_domain(key.rpartition("@")[2]) for key in self.emails} | self.domains
        if "gmail.com" in domains:
            domains.add("googlemail.com")
        return (
            tuple(key[1:] for key in self.phones),
            tuple(f"{mark}{d}" for d in domains for mark in "@."),
            tuple(tuple(_NUMBER.findall(n)[0] for n in key.numbers) for key in self.addresses),
        )

    def may_share(self, other: Contacts) -> bool:
        """A quick test that never misses: False means `other` shares no key with this firm, so its
        details need not be parsed (a scan compares a million contracts' SMEs with their vendors).
        Written out in plain loops: it runs once per contract."""
        tails, endings, doors = self._rough
        if self.tax_root and other.tax_code and self.tax_root in other.tax_code:
            return True
        if tails and (other.phone or other.other_phone):
            digits = _NON_DIGITS.sub("", f"{other.phone or ''} {other.other_phone or ''}")
            for tail in tails:
                if tail in digits:
                    return True
        if endings:
            for email in (other.email, *other.people):
                if email and email.strip().lower().endswith(endings):
                    return True
        address = other.address
        if doors and address:
            for door in doors:
                if all(number in address for number in door):  # then the door's numbers as numbers
                    runs = {run.lstrip("0") or "0" for run in _NUMBER.findall(address)}
                    if runs.issuperset(door):
                        return True
        return False


@dataclass(frozen=True)
class Shared:
    """One identifier two firms have in common: its kind and how a person reads it."""

    kind: str  # tax_root | phone | email | domain | address
    shown: str


def shared(a: Identifiers, b: Identifiers) -> list[Shared]:
    """What `a` and `b` have in common, strongest kind first (one of each kind)."""
    found = []
    if a.tax_root and a.tax_root == b.tax_root:
        found.append(Shared("tax_root", a.tax_root))
    if phones := a.phones & b.phones:
        found.append(Shared("phone", phone_shown(min(phones))))
    if emails := a.emails & b.emails:
        found.append(Shared("email", min(emails)))
    if domains := a.domains & b.domains:
        found.append(Shared("domain", min(domains)))
    place = next((x for x in a.addresses for y in b.addresses if x.same_place(y)), None)
    if place is not None:
        found.append(Shared("address", place.shown))
    return found
