"""Named emulator profiles: scaled and real-cloud durations, environment switches, composition with faults."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from alicloud_gov.cli.emulator import emulator as emulator_command
from alicloud_gov.emulator.faults import FaultConfig
from alicloud_gov.emulator.profile import (
    PROFILE_ENV,
    PROFILES,
    REAL_DURATIONS_ENV,
    profile_config,
    profile_from_env,
)


def test_every_profile_setting_is_a_fault_setting_with_real_durations_longer_than_scaled() -> None:
    known = FaultConfig.__dataclass_fields__
    for knobs in PROFILES.values():
        for name, (scaled, real) in knobs.items():
            assert name in known
            assert 0 < scaled <= 1000 < real


def test_scaled_is_the_default_and_real_durations_are_the_second_figure() -> None:
    scaled = profile_config("realistic")
    real = profile_config("realistic", real_durations=True)
    assert scaled.consistency_delay_ms == PROFILES["realistic"]["consistency_delay_ms"][0]
    assert real.consistency_delay_ms == PROFILES["realistic"]["consistency_delay_ms"][1]


def test_a_profile_keeps_the_other_faults_of_its_base() -> None:
    config = profile_config("realistic", base=FaultConfig(throttle_rate=0.2, lost_response_rate=0.1, seed=4))
    assert (config.throttle_rate, config.lost_response_rate, config.seed) == (0.2, 0.1, 4)
    assert config.consistency_delay_ms > 0


def test_an_unknown_profile_names_the_known_ones() -> None:
    with pytest.raises(ValueError, match="known: realistic"):
        profile_config("chaotic")


def test_the_environment_selects_the_profile_and_its_durations() -> None:
    assert profile_from_env(None, {}) is None
    assert profile_from_env("realistic", {PROFILE_ENV: "none"}) is None
    assert profile_from_env("realistic", {}) == profile_config("realistic")
    real = profile_from_env(None, {PROFILE_ENV: "realistic", REAL_DURATIONS_ENV: "1"})
    assert real == profile_config("realistic", real_durations=True)


def test_the_command_refuses_real_durations_without_a_profile() -> None:
    result = CliRunner().invoke(emulator_command, ["--port", "0", "--real-durations"])
    assert result.exit_code != 0
    assert "--real-durations needs --profile" in result.output
