"""`election-bot ask "/ward postcode:…"` as a person runs it: a process, POSTCODES_URL at the fake.

Issue 17's acceptance: the fake puts a postcode in Barnet's Burnt Oak (E05013630); the CLI
answers that ward's 2022 result; a malformed postcode, an unknown one and a service that is
down each answer clearly, exit 0, no traceback; and with LOG_LEVEL=DEBUG no log line holds
a postcode. The postcodes are the test's own, not claims about where they are.
"""

from __future__ import annotations

import asyncio
import os
import re
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from fakes.postcodes.server import FakePostcodes

REPO = Path(__file__).resolve().parent.parent
BURNT_OAK = "EN5 9ZZ"


@pytest.fixture
async def fake() -> AsyncIterator[FakePostcodes]:
    async with FakePostcodes() as server:
        server.add(BURNT_OAK, ward_gss="E05013630", ward="Burnt Oak",
                   district_gss="E09000003", district="Barnet")
        yield server


async def ask(question: str, builtin_db: Path, tmp_path: Path, url: str) -> tuple[int, str, str]:
    env = {**os.environ, "ELECTION_DB": str(builtin_db), "STATE_DB": str(tmp_path / "s.db"),
           "POSTCODES_URL": url, "LOG_LEVEL": "DEBUG", "DISCORD_TOKEN": ""}
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "ask", question, cwd=REPO, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(proc.communicate(), 60)
    assert proc.returncode is not None
    return proc.returncode, out.decode(), err.decode()


def no_postcode_logged(err: str, *postcodes: str) -> None:
    assert "Traceback" not in err
    squashed = re.sub(r"\s", "", err.upper())
    for postcode in postcodes:
        assert postcode.replace(" ", "") not in squashed, err


@pytest.mark.parametrize("question", [f"/ward postcode:{BURNT_OAK}", "/ward en59zz",
                                      f"/where {BURNT_OAK}"])
async def test_a_postcode_answers_its_wards_2022_result(
        fake: FakePostcodes, builtin_db: Path, tmp_path: Path, question: str) -> None:
    code, out, err = await ask(question, builtin_db, tmp_path, fake.url)
    assert code == 0, err
    assert out.startswith("Burnt Oak ward · Barnet · 5 May 2022")
    assert "Sara Conway · Labour · 2,545 votes" in out
    assert "This postcode is in Burnt Oak ward, Barnet (postcodes.io)" in out
    assert "EN5" not in out.upper()  # the answer names the ward, not the postcode
    assert [r.path for r in fake.requests] == ["/postcodes/EN59ZZ"]
    assert fake.requests[0].user_agent.startswith("election-bot/")
    no_postcode_logged(err, BURNT_OAK)


async def test_a_malformed_postcode_is_answered_with_an_example_and_no_request(
        fake: FakePostcodes, builtin_db: Path, tmp_path: Path) -> None:
    code, out, err = await ask("/where EN5 9Z", builtin_db, tmp_path, fake.url)
    assert code == 0, err
    assert "not the shape of a UK postcode. Write it like SW1A 1AA" in out
    assert fake.requests == []
    no_postcode_logged(err, "EN5 9Z")


async def test_an_unknown_postcode_is_answered(fake: FakePostcodes, builtin_db: Path,
                                               tmp_path: Path) -> None:
    code, out, err = await ask("/ward postcode:EN5 9ZY", builtin_db, tmp_path, fake.url)
    assert code == 0, err
    assert "EN5 9ZY is not a postcode in use" in out  # the asker's own terminal
    no_postcode_logged(err, "EN5 9ZY")


async def test_the_service_down_is_answered_and_logged_without_the_postcode(
        fake: FakePostcodes, builtin_db: Path, tmp_path: Path) -> None:
    fake.down = True
    code, out, err = await ask(f"/ward postcode:{BURNT_OAK}", builtin_db, tmp_path, fake.url)
    assert code == 0, err
    assert out.startswith("postcodes.io could not be reached just now")
    assert "Try the ward's name instead, e.g. /ward burnt oak" in out
    assert len(fake.requests) == 3  # the CLI's two retries, then the answer
    assert "WARNING bot.net.postcodes: postcodes.io: postcode lookup" in err  # logged, by hash
    no_postcode_logged(err, BURNT_OAK)


async def test_the_service_unreachable_is_answered(builtin_db: Path, tmp_path: Path) -> None:
    code, out, err = await ask(f"/where {BURNT_OAK}", builtin_db, tmp_path,
                               "http://127.0.0.1:9")  # the discard port: nothing listens
    assert code == 0, err
    assert "postcodes.io could not be reached just now" in out and "ClientConnectorError" in out
    no_postcode_logged(err, BURNT_OAK)
