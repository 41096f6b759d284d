"""`marketplace export`: a clear message, never a traceback, when the file or the edition is wrong."""

from catalog.cli import export_command


def _refused(app, *args):
    result = app.test_cli_runner().invoke(export_command, list(args))
    # A ClickException exits; any other exception would be a traceback.
    assert isinstance(result.exception, SystemExit) and result.exit_code == 1, result.exception
    return result.output


def test_a_file_in_a_missing_folder_is_named(app, tmp_path):
    output = _refused(app, str(tmp_path / "khong-co" / "x.json"))
    assert "Không ghi được" in output and "khong-co" in output


def test_an_unknown_edition_is_named(app, tmp_path):
    for number in ("7", "99999999999999999999"):
        assert f"Không có ấn bản số {number}" in _refused(app, str(tmp_path / "x.json"), "--edition", number)


def test_an_edition_that_is_not_a_number_is_refused(app, tmp_path):
    result = app.test_cli_runner().invoke(export_command, [str(tmp_path / "x.json"), "--edition", "²"])
    assert result.exit_code == 2 and "--edition" in result.output
