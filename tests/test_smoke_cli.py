"""The spine answers: help, version, and a typed reply end to end."""

import json


def test_help_lists_commands(run_cli):
    result = run_cli("--help")
    assert result.returncode == 0
    for command in ("demo", "evaluate", "scenarios"):
        assert command in result.stdout


def test_text_reply_gives_findings(run_cli):
    result = run_cli("evaluate", "--text", "Calm down, you need to follow the rules.", "--scenario",
                     "lost-housing-voucher", "--json", "-")
    assert result.returncode == 0, result.stderr
    attempt = json.loads(result.stdout)
    categories = {f["category"] for f in attempt["wording"]["findings"]}
    assert {"command_feelings", "premature_advice"} <= categories
