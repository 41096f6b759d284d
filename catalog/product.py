"""A product (offer) as the interchange format describes it: a plain, frozen value."""

from __future__ import annotations

from dataclasses import dataclass, field, fields

from core.vocab import ANY


@dataclass(frozen=True)
class Pricing:
    type: str
    price_vnd: int | None = None
    free_months: int | None = None
    vendor_share_pct: float | None = None
    revenue_share_pct: float | None = None
    monthly_cap_vnd: int | None = None
    extra: dict = field(default_factory=dict, compare=False, hash=False)  # unknown terms, kept as received

    @classmethod
    def from_dict(cls, data: dict) -> Pricing:
        known = {f.name for f in fields(cls)} - {"extra"}
        return cls(**{name: data.get(name) for name in known},
                   extra={k: v for k, v in data.items() if k not in known})

    def to_dict(self, extra: bool = True) -> dict:
        out = {f.name: getattr(self, f.name) for f in fields(self)
               if f.name != "extra" and getattr(self, f.name) is not None}
        if extra:
            out.update(self.extra)
        return out


@dataclass(frozen=True)
class Product:
    id: str
    vendor_id: str
    name: str
    summary: str
    categories: tuple[str, ...]
    sectors: tuple[str, ...]
    readiness_min: int
    readiness_max: int
    pricing_models: tuple[Pricing, ...]
    description: str | None = None
    company_sizes: tuple[str, ...] = ()  # empty = all sizes
    regions: tuple[str, ...] = (ANY,)
    deployment: str | None = None
    price_monthly_vnd: int | None = None
    setup_fee_vnd: int | None = None
    languages: tuple[str, ...] = ()
    integrations: tuple[str, ...] = ()
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    LIST_FIELDS = ("categories", "sectors", "company_sizes", "regions", "languages", "integrations")

    @classmethod
    def from_dict(cls, data: dict) -> Product:
        """From an interchange PRODUCT (already validated); unknown fields go to `extra`."""
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known and k != "extra"}
        for name in cls.LIST_FIELDS:
            if name in values and values[name] is not None:
                values[name] = tuple(values[name])
        values["pricing_models"] = tuple(Pricing.from_dict(p) for p in data["pricing_models"])
        if values.get("regions") is None:
            values.pop("regions", None)
        values["extra"] = {k: v for k, v in data.items() if k not in known}
        return cls(**values)

    def to_dict(self, extra: bool = True) -> dict:
        """The interchange PRODUCT; optional fields left out when unset. With `extra`, the unknown fields
        an imported file carried come back too (interchange documents); without, only the format's own
        fields (what the API serves: nobody's key is shown as the record's own)."""
        out: dict = {}
        for f in fields(self):
            if f.name == "extra":
                continue
            value = getattr(self, f.name)
            if f.name == "pricing_models":
                value = [p.to_dict(extra) for p in value]
            elif f.name in self.LIST_FIELDS:
                value = list(value)
            if value is None or (f.name == "company_sizes" and not value):
                continue
            out[f.name] = value
        if extra:
            out.update(self.extra)
        return out

    @property
    def any_sector(self) -> bool:
        return ANY in self.sectors

    @property
    def any_region(self) -> bool:
        return ANY in self.regions
