"""The import command streams its file: the same result as the whole document, hostile files refused
with the usual named error (never a traceback), and lists written in chunks."""

import json

import pytest
from sqlalchemy import func, select

from catalog.models import Listing
from interchange import sections
from interchange.cli import import_command
from interchange.format import DEV_CATALOG, RecordStream
from interchange.sections import export_document
from interchange.stream import open_document
from vendors.models import Vendor


@pytest.fixture
def dev_file(tmp_path):
    path = tmp_path / "dev.json"
    path.write_bytes(DEV_CATALOG.read_bytes())
    return path


def _import(app, path):
    return app.test_cli_runner().invoke(import_command, [str(path)])


def test_a_streamed_file_imports_like_the_whole_document(app, session, dev_file, monkeypatch):
    monkeypatch.setattr(sections, "CHUNK", 7)  # several chunks per list, and a short last one
    document = open_document(dev_file)
    assert isinstance(document["products"], RecordStream) and len(document["products"]) == 70
    assert list(document["products"]) == json.loads(dev_file.read_text(encoding="utf-8"))["products"]
    result = _import(app, dev_file)
    assert result.exit_code == 0, result.output
    assert "Sản phẩm: 70 mới, 0 cập nhật, 0 không đổi" in result.output
    session.expire_all()
    original = json.loads(dev_file.read_text(encoding="utf-8"))
    exported = export_document(session)
    for section in ("vendors", "products", "smes"):
        assert {r["id"]: r for r in exported[section]} == {r["id"]: r for r in original[section]}, section
    again = _import(app, dev_file)
    assert "Sản phẩm: 0 mới, 0 cập nhật, 70 không đổi" in again.output


def _poisoned(dev_file, tmp_path, name: str, text: str):
    """The dev catalog with the first product's name replaced by raw JSON `text`."""
    original = dev_file.read_text(encoding="utf-8")
    first = json.loads(original)["products"][0]["name"]
    path = tmp_path / name
    path.write_text(original.replace(json.dumps(first, ensure_ascii=False), text, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(("text", "said"), [
    ('"Ph\\ud800n m\\u1ec1m"', "surrogate đơn lẻ, không mã hoá được UTF-8"),
    ('"Ph\\udfffn"', "surrogate đơn lẻ"),
    ('"Ph\\u0000n m\\u1ec1m"', "LỖI products[0] (id=dp-01): Giá trị tại name chứa ký tự NUL"),
    ("[" * 5000 + "]" * 5000, "JSON lồng nhau quá 64 cấp"),
    ('{"a": ' * 5000 + "1" + "}" * 5000, "JSON lồng nhau quá 64 cấp"),
])
def test_hostile_records_are_named_problems_and_nothing_is_written(app, session, dev_file, tmp_path, text,
                                                                   said):
    result = _import(app, _poisoned(dev_file, tmp_path, "bad.json", text))
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and "INSERT" not in result.output
    assert said in result.output, result.output[-2000:]
    assert session.scalar(select(func.count()).select_from(Vendor)) == 0
    assert session.scalar(select(func.count()).select_from(Listing)) == 0


def test_an_escaped_backslash_before_u_d800_and_a_surrogate_pair_are_fine(app, session, dev_file, tmp_path):
    result = _import(app, _poisoned(dev_file, tmp_path, "fine.json", '"C:\\\\ud800 \\ud83d\\ude00"'))
    assert result.exit_code == 0, result.output
    names = {r["name"] for r in export_document(session)["products"]}
    assert "C:\\ud800 \U0001f600" in names


@pytest.mark.parametrize(("content", "said"), [
    (b'{"format": "sme-catalog/1", "products": [', "không phải JSON hợp lệ"),
    (b'{"format": "sme-catalog/1"} trailing', "không phải JSON hợp lệ"),
    (b'{"format": "sme-catalog/1", "products": ["\xc3("]}', "JSON"),
    (b"", "không phải JSON hợp lệ"),
    (b'{"format": "sme-catalog/1", "x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", "lồng nhau quá 64 cấp"),
])
def test_a_file_that_is_not_json_is_named_not_a_traceback(app, session, tmp_path, content, said):
    path = tmp_path / "broken.json"
    path.write_bytes(content)
    result = _import(app, path)
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert said in result.output, result.output


def test_a_list_that_is_not_a_list_is_a_problem(app, tmp_path):
    path = tmp_path / "odd.json"
    path.write_text('{"format": "sme-catalog/1", "products": {"id": "p-1"}, "vendors": [1]}',
                    encoding="utf-8")
    result = _import(app, path)
    assert result.exit_code == 1
    assert "LỖI tài liệu, trường products: phải là danh sách" in result.output
    assert "LỖI vendors[0]: phải là đối tượng" in result.output
