#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
# validate-job.py JOB.yaml...: hold each LAVA job definition against the
# job schema that a LAVA server checks a submission with (Debian's
# lava-common, lava_common.schemas.validate, strict).  Prints "valid:
# JOB" or "invalid: JOB: WHY (at PATH)" per job; exits 1 if any is
# invalid or unreadable, 2 without lava-common.
import sys

try:
    import yaml
    from lava_common.schemas import validate
    from voluptuous import Invalid
except ImportError as exc:
    print(f"error: {exc}: the validator needs Debian's lava-common (python3)")
    sys.exit(2)

worst = 0
for path in sys.argv[1:]:
    try:
        with open(path, encoding="utf-8") as f:
            job = yaml.safe_load(f)
        validate(job, strict=True)
    except Invalid as exc:
        where = "/".join(str(p) for p in exc.path) or "top"
        print(f"invalid: {path}: {exc.msg} (at {where})")
        worst = 1
    except (OSError, yaml.YAMLError, TypeError, AttributeError, KeyError) as exc:
        print(f"invalid: {path}: {type(exc).__name__}: {exc}")
        worst = 1
    else:
        print(f"valid: {path}")
if len(sys.argv) < 2:
    print("invalid: no job given")
    worst = 1
sys.exit(worst)
