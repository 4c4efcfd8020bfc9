"""Reads an Optuna RDB file that hyperprop wrote, with Optuna's own API, and prints JSON.

python3 optuna_rdb.py frame DB STUDY        the study, its trials and trials_dataframe() row by row
python3 optuna_rdb.py importance DB STUDY [TREES]
                                            get_param_importances with FanovaImportanceEvaluator(seed=0)
                                            and TREES trees (default Optuna's, 64)
python3 optuna_rdb.py continue DB STUDY N   N more trials proposed by Optuna's TPESampler(seed=0)
"""
import json
import math
import sys
import warnings

import optuna
import pandas as pd

optuna.logging.set_verbosity(optuna.logging.WARNING)
# Study.system_attrs is deprecated in Optuna 3.1 but is where a file's study-level bookkeeping lives.
warnings.filterwarnings("ignore", category=FutureWarning)


def plain(value):
    """A dataframe cell as JSON: datetimes as ms since the epoch (Optuna's naive local times), durations in ms."""
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return round(value.to_pydatetime().timestamp() * 1000)
    if isinstance(value, pd.Timedelta):
        return round(value.total_seconds() * 1000)
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):  # numpy scalars
        return plain(value.item())
    return value


def frame(study):
    df = study.trials_dataframe(multi_index=False)
    rows = [{column: plain(row[column]) for column in df.columns} for _, row in df.iterrows()]
    trials = [
        {
            "number": t.number,
            "state": t.state.name,
            "values": t.values,
            "params": t.params,
            "distributions": {name: optuna.distributions.distribution_to_json(d) for name, d in t.distributions.items()},
            "intermediate_values": {str(step): (None if math.isnan(v) else v) for step, v in t.intermediate_values.items()},
            "user_attrs": t.user_attrs,
        }
        for t in study.trials
    ]
    directions = [d.name for d in study.directions]
    best = None
    if len(directions) == 1 and any(t.state == optuna.trial.TrialState.COMPLETE for t in study.trials):
        best = {"number": study.best_trial.number, "value": study.best_value}
    best_trials = sorted(t.number for t in study.best_trials)
    return {"directions": directions, "user_attrs": study.user_attrs, "system_attrs": study.system_attrs, "columns": list(df.columns), "rows": rows, "trials": trials, "best": best, "best_trials": best_trials}


def importance(study, trees=64):
    evaluator = optuna.importance.FanovaImportanceEvaluator(n_trees=trees, seed=0)
    ranked = optuna.importance.get_param_importances(study, evaluator=evaluator)
    return [[name, value] for name, value in ranked.items()]


def suggest(trial, name, distribution):
    if isinstance(distribution, optuna.distributions.FloatDistribution):
        return trial.suggest_float(name, distribution.low, distribution.high, step=distribution.step, log=distribution.log)
    if isinstance(distribution, optuna.distributions.IntDistribution):
        return trial.suggest_int(name, distribution.low, distribution.high, step=distribution.step, log=distribution.log)
    return trial.suggest_categorical(name, distribution.choices)


def continue_study(study, n):
    """Goes on with Optuna's TPE over the parameters the study's complete trials have."""
    space = optuna.samplers.intersection_search_space(study)
    before = len(study.trials)
    study.sampler = optuna.samplers.TPESampler(seed=0)

    def objective(trial):
        params = {name: suggest(trial, name, d) for name, d in sorted(space.items())}
        # Any deterministic function of the parameters: Optuna only has to run and record it.
        value = sum(float(v) for v in params.values() if isinstance(v, (int, float)) and not isinstance(v, bool))
        return [value] * len(study.directions) if len(study.directions) > 1 else value

    study.optimize(objective, n_trials=n)
    added = study.trials[before:]
    return {
        "space": sorted(space),
        "added": [{"number": t.number, "state": t.state.name, "params": t.params, "values": t.values} for t in added],
    }


def main():
    command, db, name = sys.argv[1:4]
    study = optuna.load_study(study_name=name, storage=f"sqlite:///{db}")
    if command == "frame":
        result = frame(study)
    elif command == "importance":
        result = importance(study, int(sys.argv[4]) if len(sys.argv) > 4 else 64)
    elif command == "continue":
        result = continue_study(study, int(sys.argv[4]))
    else:
        raise SystemExit(f"unknown command {command!r}")
    json.dump(result, sys.stdout)


main()
