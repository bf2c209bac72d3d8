import subprocess
import sys

import pytest
from pydantic import SecretStr

from knowledge.settings import PROJECT_ROOT, Settings
from ui.auth import ConsoleExposureError, console_login, is_loopback


@pytest.mark.parametrize("host, expected", [("127.0.0.1", True), ("localhost", True), ("::1", True),
                                            ("127.0.0.2", True), ("0.0.0.0", False), ("192.168.1.5", False),
                                            ("::", False), ("example.org", False)])
def test_loopback(host: str, expected: bool) -> None:
    assert is_loopback(host) is expected


def test_open_console_only_on_loopback() -> None:
    assert console_login(Settings(host="127.0.0.1")) is None
    with pytest.raises(ConsoleExposureError, match="ZONEBOT_CONSOLE_PASSWORD"):
        console_login(Settings(host="0.0.0.0"))


def test_half_credentials_refused_even_on_loopback() -> None:
    with pytest.raises(ConsoleExposureError, match="不完整"):
        console_login(Settings(host="127.0.0.1", console_user="staff"))


def test_login_checks_both_user_and_password() -> None:
    check = console_login(Settings(host="0.0.0.0", console_user="staff", console_password=SecretStr("s3cret")))
    assert check is not None
    assert check("staff", "s3cret")
    assert not check("staff", "wrong")
    assert not check("other", "s3cret")
    assert not check("", "")


def test_server_refuses_public_host_without_credentials(tmp_path) -> None:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "ZONEBOT_STATE_DB": str(tmp_path / "s.db")}
    argv = [sys.executable, "-m", "ui", "--host", "0.0.0.0", "--port", "7999", "--kb", str(tmp_path / "kb")]
    run = subprocess.run(argv, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 2
    assert "拒绝启动" in run.stderr and "ZONEBOT_CONSOLE_USER" in run.stderr
    assert "Traceback" not in run.stderr
    assert not (tmp_path / "kb").exists()  # refused before opening the store or loading any model
