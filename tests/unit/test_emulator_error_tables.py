"""The emulator's error tables against the cloud layer, and raise sites against the tables.

Every code an emulated service can answer is an entry of its service's table (code, HTTP status, message,
family). The provider's read decides what happened from the cloud layer's mapping
(:func:`alicloud_gov.cloud.errors.classify_code`: ``EntityNotExist.*`` -> NotFound drops a resource from state),
so each entry must land in the family it declares there. Raise sites must use the entries: a code spelled as a
literal anywhere else in the emulator is a code no table (and so no such check) knows.
"""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

from alicloud_gov.cloud import errors as cloud_errors
from alicloud_gov.emulator.errors import ApiError, ErrorCode, ErrorTable, Family
from alicloud_gov.emulator.registry import load_services

EMULATOR = Path(__file__).resolve().parents[2] / "alicloud_gov" / "emulator"
_RESERVED = {"extra", "headers", "status"}  # keyword arguments of ErrorCode.__call__ itself


def _tables() -> list[type[ErrorTable]]:
    load_services()  # imports every service package, so every table registers
    return ErrorTable.tables()


def _entries() -> list[tuple[str, ErrorCode]]:
    return [(f"{table.product}.{name}", entry) for table in _tables() for name, entry in table.entries().items()]


def _fields(template: str) -> set[str]:
    return {name.split(".")[0].split("[")[0] for _, name, _, _ in string.Formatter().parse(template) if name}


def _sample(entry: ErrorCode) -> ApiError:
    """The entry's error with every template field filled (codes get a sample segment)."""
    return entry(**{name: "Sample" for name in _fields(entry.code) | _fields(entry.message)})


def test_every_service_has_a_table() -> None:
    products = {table.product for table in _tables()}
    assert {"Gateway", "Ram", "Sts", "ResourceManager", "Vpc", "ExpressConnectRouter"} <= products


@pytest.mark.parametrize(("name", "entry"), _entries(), ids=[name for name, _ in _entries()])
def test_code_lands_in_its_family_in_the_cloud_layer(name: str, entry: ErrorCode) -> None:
    error = _sample(entry)
    expected = getattr(cloud_errors, entry.family.value)
    assert cloud_errors.classify_code(error.code, error.http_status) is expected, (
        f"{name}: {error.code} (HTTP {error.http_status}) reads as "
        f"{cloud_errors.classify_code(error.code, error.http_status).__name__}, declared {entry.family.value}"
    )


@pytest.mark.parametrize(("name", "entry"), _entries(), ids=[name for name, _ in _entries()])
def test_entry_renders_and_keeps_the_call_keywords_free(name: str, entry: ErrorCode) -> None:
    assert not (_fields(entry.code) | _fields(entry.message)) & _RESERVED, name
    error = _sample(entry)
    assert error.code and error.message and 400 <= error.http_status <= 599


def test_ecr_spelling_of_gateway_parameter_codes_is_still_invalid_input() -> None:
    """ExpressConnectRouter renames the gateway's InvalidParameter.<Field> to IllegalParam.<Field>."""
    from alicloud_gov.emulator.gateway_errors import GatewayErrors
    from alicloud_gov.emulator.services.ecr.errors import ILLEGAL_PARAM_PREFIX

    renamed = [
        ILLEGAL_PARAM_PREFIX + _sample(entry).code.removeprefix("InvalidParameter.")
        for entry in GatewayErrors.entries().values()
        if entry.code.startswith("InvalidParameter.")
    ]
    assert renamed
    assert all(cloud_errors.classify_code(code, 400) is cloud_errors.InvalidInput for code in renamed)


def test_families_name_cloud_error_classes() -> None:
    for family in Family:
        assert issubclass(getattr(cloud_errors, family.value), cloud_errors.CloudError)


# -- raise sites --------------------------------------------------------------------------------------------


def _is_table_module(path: Path) -> bool:
    return path.name in ("errors.py", "gateway_errors.py")


def _literal_code_sites(tree: ast.AST, codes: set[str]) -> list[tuple[int, str]]:
    """ApiError(...) built from a literal code, and string constants equal to a table's code."""
    found: list[tuple[int, str]] = []
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) == "ApiError":
            first = node.args[0] if node.args else next((k.value for k in node.keywords if k.arg == "code"), None)
            if isinstance(first, (ast.Constant, ast.JoinedStr)):
                found.append((node.lineno, ast.unparse(first)))
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
            and node.value in codes
        ):
            found.append((node.lineno, repr(node.value)))
    return found


def test_no_raise_site_spells_a_code_outside_the_tables() -> None:
    codes = {entry.code for _, entry in _entries() if "{" not in entry.code}
    offenders = []
    for path in sorted(EMULATOR.rglob("*.py")):
        if _is_table_module(path):
            continue
        for line, text in _literal_code_sites(ast.parse(path.read_text(encoding="utf-8")), codes):
            offenders.append(f"{path.relative_to(EMULATOR)}:{line}: {text}")
    assert sorted(set(offenders)) == []


def test_the_raise_site_check_sees_a_literal() -> None:
    """The AST check itself: a literal code in ApiError or a bare known code is found, a table call is not."""
    source = (
        "raise ApiError('EntityNotExist.User', 'm', 404)\n"
        "raise ApiError(f'InvalidParameter.{name}', 'm')\n"
        "if error.code == 'NoPermission': pass\n"
        "raise RamErrors.USER_NOT_FOUND(name=name)\n"
    )
    found = _literal_code_sites(ast.parse(source), {"NoPermission"})
    assert [line for line, _ in found] == [1, 2, 3]
