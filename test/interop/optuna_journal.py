"""Opens a journal file that hyperprop writes with Optuna's own JournalFileStorage, and prints JSON.

python3 optuna_journal.py frame LOG STUDY      the study, its trials and trials_dataframe() row by row
python3 optuna_journal.py optimize LOG STUDY N prints "ready", waits for a line on stdin, then runs
                                               study.optimize with Optuna's TPESampler for N trials
                                               on the same file and prints the numbers it ran
"""
import json
import math
import sys
import time

import optuna
import pandas as pd

optuna.logging.set_verbosity(optuna.logging.WARNING)


def storage(path):
    return optuna.storages.JournalStorage(optuna.storages.JournalFileStorage(path))


def ms(value):
    """Optuna's naive local datetimes as ms since the epoch, as hyperprop stores them."""
    return None if value is None else round(value.timestamp() * 1000)


def plain(value):
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return ms(value.to_pydatetime())
    if isinstance(value, pd.Timedelta):
        return round(value.total_seconds() * 1000)
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):  # numpy scalars
        return plain(value.item())
    return value


def frame(path, name):
    study = optuna.load_study(study_name=name, storage=storage(path))
    df = study.trials_dataframe(multi_index=False)
    rows = [{column: plain(row[column]) for column in df.columns} for _, row in df.iterrows()]
    trials = [
        {
            "number": t.number,
            "state": t.state.name,
            "values": t.values,
            "params": t.params,
            "distributions": {k: optuna.distributions.distribution_to_json(d) for k, d in t.distributions.items()},
            "intermediate": {str(k): v for k, v in t.intermediate_values.items()},
            "user_attrs": t.user_attrs,
            "system_attrs": t.system_attrs,
            "datetime_start": ms(t.datetime_start),
            "datetime_complete": ms(t.datetime_complete),
        }
        for t in study.trials
    ]
    directions = [d.name for d in study.directions]
    print(json.dumps({"directions": directions, "system_attrs": study.system_attrs, "user_attrs": study.user_attrs, "trials": trials, "frame": rows}))


def optimize(path, name, n):
    study = optuna.load_study(study_name=name, storage=storage(path), sampler=optuna.samplers.TPESampler(seed=0, n_startup_trials=3))
    print("ready", flush=True)
    sys.stdin.readline()
    ran = []

    def objective(trial):
        ran.append(trial.number)
        x = trial.suggest_float("x", -1, 1)
        time.sleep(0.05)
        return x * x

    study.optimize(objective, n_trials=n)
    print(json.dumps(ran), flush=True)


if __name__ == "__main__":
    command, path, name = sys.argv[1:4]
    if command == "frame":
        frame(path, name)
    elif command == "optimize":
        optimize(path, name, int(sys.argv[4]))
    else:
        sys.exit(f"command must be frame or optimize, got {command!r}")
