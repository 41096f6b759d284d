"""Load mix for scripts/load: anonymous catalog browsing and searching, SMEs reading their matches,
SMEs and vendors reading their contracts, vendors their dashboards, officers their dashboard, review queue
and the open data's pages, portals reading the open data; background jobs run beside (scripts/prod's
worker and scheduler). Figures and goals are printed when the run ends.

Logins happen once, before the measured run (the login form is throttled per account and per IP,
and every simulated user comes from 127.0.0.1); simulated users share those sessions' cookies.
"""

from __future__ import annotations

import json
import os
import random
import re

import requests
from locust import FastHttpUser, between, events, task

GOALS = {"errors": 0, "p95_ms": 300, "rps": 250}
QUERIES = ("hoa don dien tu", "phan mem ke toan", "quan ly ban hang quan cafe", "truy xuat nguon goc",
           "phần mềm kế toán", "hddt", "chấm công tính lương", "bán hàng online shopee",
           "ke toan cho quan cafe")
CATEGORIES = ("e_invoice", "accounting", "sales_pos", "hrm", "traceability", "ecommerce")
CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)"')
USER_AGENT = "marketplace-load-test"
POOL_SIZE = 6  # logins per role before the run (under the 30 per minute per-address limit; Argon2 each)

CONTRACT_PAGES = ("/contracts/{id}", "/payments/contracts/{id}")  # whichever the app serves
catalog: dict = {"products": [], "vendors": [], "api": set(), "contract_pages": [], "portal_key": ""}
sessions: dict[str, list[dict]] = {"sme": [], "vendor": [], "officer": []}


def _login(host: str, email: str, password: str) -> str:
    http = requests.Session()
    http.headers["User-Agent"] = USER_AGENT
    token = CSRF_META.search(http.get(f"{host}/login", timeout=30).text).group(1)
    answer = http.post(f"{host}/login", data={"email": email, "password": password, "csrf_token": token},
                       allow_redirects=False, timeout=30)
    if answer.status_code != 302:
        raise RuntimeError(f"login of {email} failed: {answer.status_code}")
    return http.cookies["session"]


@events.test_start.add_listener
def _prepare(environment, **_kwargs) -> None:
    try:
        _load_catalog_and_sessions(environment.host)
    except Exception as exc:  # no half-prepared run: stop with the reason
        print(f"load test preparation failed: {exc!r}")
        environment.process_exit_code = 2
        environment.runner.quit()
        raise


def _load_catalog_and_sessions(host: str) -> None:
    document = requests.get(f"{host}/api/v1/catalog", timeout=60).json()
    catalog["products"] = [p["id"] for p in document["products"]]
    catalog["vendors"] = [v["id"] for v in document["vendors"]]
    catalog["api"] = set(requests.get(f"{host}/api/v1/openapi.json", timeout=30).json()["paths"])
    with open(os.environ["LOAD_ACCOUNTS"], encoding="utf-8") as handle:
        accounts = json.load(handle)
    catalog["portal_key"] = accounts["portal_key"]
    for role in ("sme", "vendor", "officer"):
        for account in [a for a in accounts[role] if a["contracts"] or role == "officer"][:POOL_SIZE]:
            cookie = _login(host, account["email"], accounts["password"])
            sessions[role].append({**account, "cookie": cookie})
    probe = sessions["sme"][0]
    for page in CONTRACT_PAGES:
        answer = requests.get(host + page.format(id=probe["contracts"][0]), allow_redirects=False, timeout=30,
                              headers={"User-Agent": USER_AGENT, "Cookie": f"session={probe['cookie']}"})
        if answer.status_code == 200:
            catalog["contract_pages"].append(page)


class Visitor(FastHttpUser):
    """Anyone: the catalog list with filters, product and vendor pages, and searches."""

    weight = 6
    wait_time = between(0.1, 0.4)
    default_headers = {"User-Agent": USER_AGENT}

    @task(4)
    def catalog_list(self):
        self.client.get("/", name="/ (catalog)")

    @task(2)
    def filtered(self):
        self.client.get(f"/?category={random.choice(CATEGORIES)}", name="/?category=")

    @task(5)
    def product(self):
        self.client.get(f"/products/{random.choice(catalog['products'])}", name="/products/<id>")

    @task(1)
    def vendor(self):
        self.client.get(f"/vendors/{random.choice(catalog['vendors'])}", name="/vendors/<id>")

    @task(5)
    def search(self):
        query = random.choice(QUERIES)
        if "/api/v1/search" in catalog["api"]:
            self.client.get(f"/api/v1/search?q={query}", name="/api/v1/search?q=")
        else:
            self.client.get(f"/?q={query}", name="/?q=")


class Portal(FastHttpUser):
    """Another system (the national portal, a CKAN harvester) reading the open data page by page, with
    the partner key an officer gave it."""

    weight = 1
    wait_time = between(0.2, 0.6)

    def on_start(self):
        self.headers = {"User-Agent": USER_AGENT, "X-API-Key": catalog["portal_key"]}

    @task(3)
    def products(self):
        self.client.get("/api/v1/open/products?limit=100", name="/api/v1/open/products", headers=self.headers)

    @task(1)
    def indicators(self):
        self.client.get(f"/api/v1/open/indicators?by={random.choice(('province', 'sector', 'size'))}",
                        name="/api/v1/open/indicators", headers=self.headers)

    @task(1)
    def dcat(self):
        self.client.get("/api/v1/open/catalog.jsonld", name="/api/v1/open/catalog.jsonld",
                        headers=self.headers)


class Member(FastHttpUser):
    """A logged-in SME or vendor member (sessions made before the run)."""

    abstract = True
    role = ""
    wait_time = between(0.1, 0.4)

    def on_start(self):
        self.account = random.choice(sessions[self.role])
        self.headers = {"User-Agent": USER_AGENT, "Cookie": f"session={self.account['cookie']}"}

    @task(2)
    def contract(self):
        if not self.account["contracts"]:  # officers have no contracts of their own
            return
        for page in catalog["contract_pages"]:
            self.get(page.format(id=random.choice(self.account["contracts"])), page.replace("{id}", "<id>"))

    def get(self, path: str, name: str):
        with self.client.get(path, name=name, headers=self.headers, allow_redirects=False,
                             catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} (session lost?)")


class Sme(Member):
    """An SME reads its dashboard with ranked offers and its matches through the API."""

    weight = 3
    role = "sme"

    @task(2)
    def dashboard(self):
        self.get("/sme/", "/sme/ (dashboard, matches)")

    @task(2)
    def matches(self):
        if "/api/v1/smes/{sme_id}/matches" in catalog["api"]:
            self.get(f"/api/v1/smes/{self.account['sme_id']}/matches?limit=10", "/api/v1/smes/<id>/matches")


class Vendor(Member):
    """A vendor member reads its dashboard and listings."""

    weight = 1
    role = "vendor"

    @task
    def dashboard(self):
        self.get("/vendor/", "/vendor/ (dashboard)")


class Officer(Member):
    """An officer reads the indicators dashboard, the review queue and the open data's pages."""

    weight = 1
    role = "officer"

    @task(2)
    def dashboard(self):
        self.get("/officer/dashboard", "/officer/dashboard")

    @task(2)
    def review_queue(self):
        self.get("/officer/review", "/officer/review")

    @task(1)
    def open_data(self):
        self.get("/officer/open-data/deliveries", "/officer/open-data/deliveries")


@events.quitting.add_listener
def _report(environment, **_kwargs) -> None:
    total = environment.stats.total
    figures = {
        "users": environment.parsed_options.num_users if environment.parsed_options else None,
        "requests": total.num_requests,
        "errors": total.num_failures,
        "rps": round(total.total_rps, 1),
        "p50_ms": total.get_response_time_percentile(0.50),
        "p95_ms": total.get_response_time_percentile(0.95),
        "p99_ms": total.get_response_time_percentile(0.99),
    }
    met = {"errors": figures["errors"] <= GOALS["errors"], "p95_ms": figures["p95_ms"] <= GOALS["p95_ms"],
           "rps": figures["rps"] >= GOALS["rps"]}
    print("\nLOAD TEST RESULT " + json.dumps(figures))
    print(f"  requests/s {figures['rps']} (goal >= {GOALS['rps']}) {'ok' if met['rps'] else 'MISSED'}")
    print(f"  p50 {figures['p50_ms']} ms, p95 {figures['p95_ms']} ms (goal <= {GOALS['p95_ms']}) "
          f"{'ok' if met['p95_ms'] else 'MISSED'}, p99 {figures['p99_ms']} ms")
    print(f"  errors {figures['errors']} (goal {GOALS['errors']}) {'ok' if met['errors'] else 'MISSED'}")
    slowest = sorted(environment.stats.entries.values(), key=lambda e: -e.get_response_time_percentile(0.95))
    for entry in slowest[:5]:
        print(f"  slowest p95: {entry.method} {entry.name}: {entry.get_response_time_percentile(0.95)} ms "
              f"({entry.num_requests} requests, {entry.num_failures} errors)")
    environment.process_exit_code = 0 if all(met.values()) else 1
