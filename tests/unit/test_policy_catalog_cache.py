"""The catalogue cache: a cached catalogue answers as a fresh one; a stale, corrupt or unwritable cache is no error."""

from __future__ import annotations

import dataclasses
import gc
import marshal
from importlib.util import source_hash
from pathlib import Path

import pytest

from alicloud_gov.policy.catalog import Catalog, cache, catalog_from_data, loader, model, read_catalog_files
from alicloud_gov.policy.catalog.model import CatalogRecords


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(cache.CACHE_DIR_ENV, str(folder))
    return folder


@pytest.fixture(scope="module")
def fresh() -> Catalog:
    return catalog_from_data(read_catalog_files())


def fingerprint() -> bytes:
    return cache.fingerprint(loader.read_catalog_bytes())


def warm_load(monkeypatch: pytest.MonkeyPatch) -> Catalog:
    """A load that must come from the cache (validating the JSON again fails the test)."""
    with monkeypatch.context() as patch:
        patch.setattr(loader, "records_from_data", lambda files: pytest.fail("the cache was not used"))
        return loader.load_packaged_catalog()


def assert_same_answers(catalog: Catalog, fresh: Catalog) -> None:
    assert catalog.actions() == fresh.actions()
    assert catalog.resource_types() == fresh.resource_types()
    assert catalog.condition_keys() == fresh.condition_keys()
    assert catalog.services() == fresh.services()
    assert catalog._aliases == fresh._aliases
    for service in [*sorted(fresh.services()), "nosuch", "ECS", "Vpc"]:
        assert catalog.is_service_level_only(service) == fresh.is_service_level_only(service)
        assert catalog.service_title(service) == fresh.service_title(service)
        assert catalog.actions(service) == fresh.actions(service)
        assert catalog.resource_types(service) == fresh.resource_types(service)
    patterns = ["*", "*:*", "vpc:*", "vpc:*Vpc*", "VPC:describe*", "ecs:Describe?nstances", "*:Get*", "ram:PassRole"]
    patterns += ["sts:AssumeRole", "oss:GetObject", "nosuch:*", "vpc:NoSuchAction", "*Bucket*"]
    for pattern in patterns:
        assert catalog.match(pattern) == fresh.match(pattern), pattern
    for info in fresh.actions()[::37]:
        assert catalog.action(info.full_name.upper()) == info
        for api in info.apis:
            product, _, name = api.partition(":")
            assert catalog.action_for_api(product, name) == fresh.action_for_api(product, name)
        for template in info.arn_templates:
            assert catalog.arn_fits_action(info, template) == fresh.arn_fits_action(info, template)
    for rtype in fresh.resource_types():
        for template in rtype.arn_templates:
            assert catalog.resource_type_for_arn(template) == fresh.resource_type_for_arn(template)
        assert catalog.resource_type(rtype.service.upper(), rtype.name) == rtype
    for key in fresh.condition_keys():
        assert catalog.condition_key(key.name.lower()) == key
    assert catalog.condition_key("acs:ResourceTag/team") == fresh.condition_key("acs:ResourceTag/team")
    for text in ["vpc:CreatVpc", "ecs:CreateVpc", "vpc:Descrbe*", "vcp:CreateVpc", "nosuch:Thing"]:
        assert catalog.suggest(text) == fresh.suggest(text), text


def test_a_cached_catalogue_answers_exactly_as_a_fresh_one(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch, fresh: Catalog
) -> None:
    cold = loader.load_packaged_catalog()
    assert (cache_dir / cache.CACHE_FILE_NAME).is_file()
    assert_same_answers(cold, fresh)
    warm = warm_load(monkeypatch)
    assert_same_answers(warm, fresh)
    cached = cache.load(cache_dir / cache.CACHE_FILE_NAME, fingerprint())
    assert cached is not None
    assert [list(part) if not isinstance(part, dict) else part for part in cached] == [
        list(part) if not isinstance(part, dict) else part for part in loader.records_from_data(read_catalog_files())
    ]
    fresh_records = loader.records_from_data(read_catalog_files())
    for restored, built in zip(cached.actions, fresh_records.actions, strict=True):
        assert [type(value) for value in vars(restored).values()] == [type(value) for value in vars(built).values()]
    with pytest.raises(dataclasses.FrozenInstanceError):
        cached.actions[0].name = "Changed"  # type: ignore[misc]


def write_cache(path: Path, key: bytes, payload: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(cache._MAGIC + key + source_hash(payload) + payload)


def damaged_caches(key: bytes, good: bytes) -> dict[str, bytes]:
    header = cache._MAGIC + key
    return {
        "empty": b"",
        "garbage": b"\x00\xff not a cache",
        "truncated": good[: len(good) // 2],
        "a flipped byte": good[:-100] + bytes([good[-100] ^ 0xFF]) + good[-99:],
        "another format": cache._MAGIC.replace(b"cache", b"cachf") + good[len(cache._MAGIC) :],
        "wrong shape": header + source_hash(p := marshal.dumps((1, 2))) + p,
        "short rows": header + source_hash(p := marshal.dumps(((("x",),), (), (), (), {}))) + p,
        "not plain data": header + source_hash(p := marshal.dumps([None] * 5)) + p,
    }


def test_a_corrupt_cache_is_rebuilt(cache_dir: Path, monkeypatch: pytest.MonkeyPatch, fresh: Catalog) -> None:
    path = cache_dir / cache.CACHE_FILE_NAME
    loader.load_packaged_catalog()
    good = path.read_bytes()
    for what, blob in damaged_caches(fingerprint(), good).items():
        path.write_bytes(blob)
        assert cache.load(path, fingerprint()) is None, what
        assert loader.load_packaged_catalog().actions() == fresh.actions(), what
        assert path.read_bytes() == good, f"{what}: not rewritten"


def test_a_stale_cache_is_rebuilt(cache_dir: Path, monkeypatch: pytest.MonkeyPatch, fresh: Catalog) -> None:
    path = cache_dir / cache.CACHE_FILE_NAME
    other = CatalogRecords(fresh.actions()[:1], [], [], [], {})
    write_cache(path, b"\x00" * 8, marshal.dumps(cache._to_plain(other)))
    assert cache.load(path, b"\x00" * 8) is not None  # readable, but of other data
    assert_same_answers(loader.load_packaged_catalog(), fresh)
    assert path.read_bytes().startswith(cache._MAGIC + fingerprint())
    assert_same_answers(warm_load(monkeypatch), fresh)


def test_the_fingerprint_follows_every_data_file_and_the_package_version(monkeypatch: pytest.MonkeyPatch) -> None:
    files = loader.read_catalog_bytes()
    key = cache.fingerprint(files)
    assert cache.fingerprint(dict(reversed(files.items()))) == key
    for name in files:
        assert cache.fingerprint({**files, name: files[name] + b" "}) != key, name
    assert cache.fingerprint({**files, "extra.json": b"{}"}) != key
    monkeypatch.setattr(cache, "__version__", "0.0.0-other")
    assert cache.fingerprint(files) != key


def test_the_fingerprint_follows_the_code_that_builds_the_records(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = loader.read_catalog_bytes()
    key = cache.fingerprint(files)
    for module in (loader, model, cache):
        edited = tmp_path / f"{module.__name__}.py"
        edited.write_bytes(Path(module.__file__).read_bytes() + b"# edited\n")  # type: ignore[arg-type]
        with monkeypatch.context() as patch:
            patch.setattr(module, "__file__", str(edited))
            assert cache.fingerprint(files) != key, module.__name__
    assert cache.fingerprint(files) == key


def test_an_unwritable_cache_folder_still_loads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh: Catalog
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(cache.CACHE_DIR_ENV, str(blocker / "cache"))
    assert loader.load_packaged_catalog().actions() == fresh.actions()
    assert blocker.read_text() == "not a folder"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]


def test_an_unreadable_cache_is_rebuilt(cache_dir: Path, fresh: Catalog) -> None:
    (cache_dir / cache.CACHE_FILE_NAME).mkdir(parents=True)  # a folder where the file should be
    assert loader.load_packaged_catalog().actions() == fresh.actions()


def test_off_turns_the_cache_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh: Catalog) -> None:
    monkeypatch.setenv(cache.CACHE_DIR_ENV, cache.CACHE_OFF)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setenv("HOME", str(tmp_path))
    assert cache.cache_file() is None
    assert loader.load_packaged_catalog().actions() == fresh.actions()
    assert list(tmp_path.iterdir()) == []


def test_the_cache_lives_in_the_user_cache_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(cache.CACHE_DIR_ENV)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_file() == tmp_path / "xdg" / "alicloud-gov" / cache.CACHE_FILE_NAME
    for unusable in ("", "relative/cache"):  # the XDG rule: unset, empty or relative means ~/.cache
        monkeypatch.setenv("XDG_CACHE_HOME", unusable)
        assert cache.cache_file() == tmp_path / "home" / ".cache" / "alicloud-gov" / cache.CACHE_FILE_NAME
    monkeypatch.setenv(cache.CACHE_DIR_ENV, str(tmp_path / "elsewhere"))
    assert cache.cache_file() == tmp_path / "elsewhere" / cache.CACHE_FILE_NAME


def test_no_home_folder_means_no_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh: Catalog) -> None:
    def no_home() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.delenv(cache.CACHE_DIR_ENV)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setattr(Path, "home", staticmethod(no_home))
    assert cache.cache_file() is None
    assert loader.load_packaged_catalog().actions() == fresh.actions()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))  # an absolute XDG folder needs no home folder
    assert cache.cache_file() == tmp_path / "alicloud-gov" / cache.CACHE_FILE_NAME


def test_the_test_run_keeps_the_cache_out_of_the_home_folder() -> None:
    path = cache.cache_file()
    assert path is not None and Path.home() not in path.parents


def test_the_data_files_read_the_same_through_importlib_resources(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    direct = loader.read_catalog_bytes()
    assert "condition_keys.json" in direct and "vpc.json" in direct
    monkeypatch.setattr(loader, "_DATA_FOLDER", tmp_path / "inside-an-archive")  # as when imported from a zip
    assert loader.read_catalog_bytes() == direct


def test_loading_leaves_garbage_collection_as_it_was(cache_dir: Path) -> None:
    assert gc.isenabled()
    loader.load_packaged_catalog()
    assert gc.isenabled()
    gc.disable()
    try:
        loader.load_packaged_catalog()
        assert not gc.isenabled()
    finally:
        gc.enable()
