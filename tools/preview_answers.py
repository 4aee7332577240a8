"""Draw the acceptance answers as Discord shows them, and print their phone heights.

    python tools/preview_answers.py [--out DIR] [--preview PATH/discord_preview.py] [QUESTION ...]

Each question goes through `election-bot ask --discord-json` (the exact body the bot
sends) and ../shared/tools/discord-preview, which needs Chromium and the Noto fonts
(its README). Writes DIR/<name>.json, the chart beside it, the pictures and summary.json.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PREVIEW = ROOT.parent / "shared" / "tools" / "discord-preview" / "discord_preview.py"
QUESTIONS = (
    "/seats barnet", "/seats barnet 2014", "/seats doncaster", "/ward childs-hill",
    "/ward burnt oak", "/councillor zinkin", "/quote rawlings", "/party labour barnet",
    "/history barnet", "/byelections barnet", "/help",
)
GOAL = 1.3  # phone screens (issue 16)


def name_of(question: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", question.lower()).strip("-")


def capture(question: str, out: Path) -> Path:
    name = name_of(question)
    body, chart = out / f"{name}.json", out / f"{name}.chart.png"
    chart.unlink(missing_ok=True)
    subprocess.run([sys.executable, "-m", "bot", "ask", question, "--discord-json", str(body),
                    "--chart", str(chart)], check=True, cwd=ROOT, capture_output=True)
    return body


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("questions", nargs="*", default=list(QUESTIONS))
    p.add_argument("--out", type=Path, default=ROOT / "var" / "preview")
    p.add_argument("--preview", type=Path, default=PREVIEW)
    args = p.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    tall = 0
    for question in args.questions:
        body = capture(question, args.out)
        command = question.split()[0]
        done = subprocess.run([sys.executable, str(args.preview), str(body), "--out",
                               str(args.out), "--command", command, "--screens"],
                              capture_output=True, text=True)
        sys.stderr.write(done.stderr)
        summary = json.loads((args.out / "summary.json").read_text())
        for m in summary["messages"]:
            screens = m["phone_screens"]
            tall += screens > GOAL
            print(f"{question:24} {screens:4.1f} screens  phone {m['phone_px']:5} px  "
                  f"desktop {m['desktop_px']:5} px  {m['text_chars']:5} chars")
    return 1 if tall else 0


if __name__ == "__main__":
    raise SystemExit(main())
