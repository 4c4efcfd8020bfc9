"""Records optimizer trajectories from PyTorch itself, for test/backend/optimizers.test.ts.

Run: python3 scripts/torch-optimizer-fixtures.py > test/fixtures/torch-optimizers.json
(needs torch; Debian's python3-torch 1.13 was used). Option names are hyperprop's; the
mapping to torch's keyword arguments is below.
"""
import json
import torch

torch.manual_seed(0)
N, STEPS = 23, 6
initial = (torch.rand(N) * 2 - 1).tolist()
gradients = [(torch.rand(N) * 2 - 1).tolist() for _ in range(STEPS)]

CASES = [
    ("sgd plain", "sgd", {"lr": 0.1}),
    ("sgd weight decay", "sgd", {"lr": 0.1, "weightDecay": 0.05}),
    ("sgd momentum dampening", "sgd", {"lr": 0.1, "momentum": 0.9, "dampening": 0.1}),
    ("sgd nesterov", "sgd", {"lr": 0.1, "momentum": 0.9, "nesterov": True, "weightDecay": 0.01}),
    ("rmsprop", "rmsprop", {"lr": 0.01}),
    ("rmsprop centered momentum", "rmsprop", {"lr": 0.01, "alpha": 0.9, "momentum": 0.5, "centered": True, "weightDecay": 0.01}),
    ("adam", "adam", {"lr": 0.01}),
    ("adam coupled L2", "adam", {"lr": 0.01, "beta1": 0.8, "beta2": 0.99, "eps": 1e-6, "weightDecay": 0.1}),
    ("adamw", "adam", {"lr": 0.01, "weightDecay": 0.1, "decoupled": True}),
    ("adagrad", "adagrad", {"lr": 0.1}),
    ("adagrad decay", "adagrad", {"lr": 0.1, "lrDecay": 0.05, "weightDecay": 0.01, "initialAccumulatorValue": 0.1}),
]

KEYS = {"lr": "lr", "momentum": "momentum", "dampening": "dampening", "nesterov": "nesterov", "weightDecay": "weight_decay",
        "alpha": "alpha", "centered": "centered", "eps": "eps", "lrDecay": "lr_decay", "initialAccumulatorValue": "initial_accumulator_value"}


def make(kind, params, options):
    kwargs = {KEYS[k]: v for k, v in options.items() if k in KEYS}
    if kind == "sgd":
        return torch.optim.SGD([params], **kwargs)
    if kind == "rmsprop":
        return torch.optim.RMSprop([params], **kwargs)
    if kind == "adagrad":
        return torch.optim.Adagrad([params], **kwargs)
    betas = (options.get("beta1", 0.9), options.get("beta2", 0.999))
    cls = torch.optim.AdamW if options.get("decoupled") else torch.optim.Adam
    return cls([params], betas=betas, **kwargs)


cases = []
for name, kind, options in CASES:
    params = torch.tensor(initial, dtype=torch.float32, requires_grad=True)
    optimizer = make(kind, params, options)
    expected = []
    for g in gradients:
        params.grad = torch.tensor(g, dtype=torch.float32)
        optimizer.step()
        expected.append(params.detach().tolist())
    cases.append({"name": name, "optimizer": kind, "options": options, "initial": initial, "gradients": gradients, "expected": expected})

print(json.dumps({"torch": torch.__version__, "cases": cases}))
