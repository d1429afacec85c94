#!/usr/bin/env python3
"""Generate a .bpat file with N pattern configs, for bpatc scaling benchmarks.

Usage: bench/gen_patterns.py N [-o FILE] [--seed S]

The file is self-contained (no imports) and declares one backend `gen` whose
configs are spread over groups of about 500 patterns each (as a real backend
uses its groups). N counts pattern *configs* after alternatives are
expanded. The mix imitates the shipped backends (library/torch/backends):

  ~20%  single ops (module / function / method), some with root/reference/qat
  ~35%  forward chains of 2-4 ops, fusable module chains with
        `=> Fused { fuser = sequential; }` or a named forward-order fuser
  ~20%  trees: `top(sub, _)`, `top(a -> b, c)`, chain steps with `<prev>`,
        some written `format = complex`
  ~25%  alternatives `(a | b | c)` and op sets, expanding to 2-4 configs

Every config has a distinct legacy (complex) form, so bpatc prints no
duplicate-pattern warnings. The number of ops grows with N (100 + N/40) so
that the decision tree keeps a realistic fan-out. Output is deterministic for
a given N and seed.
"""

import argparse
import random
import sys

MODULE_FAMILIES = [
    "conv.Conv1d", "conv.Conv2d", "conv.Conv3d", "conv.ConvTranspose2d",
    "linear.Linear", "batchnorm.BatchNorm2d", "activation.ReLU",
    "activation.Hardswish", "activation.SiLU", "pooling.MaxPool2d",
    "pooling.AdaptiveAvgPool2d", "normalization.LayerNorm", "dropout.Dropout",
    "sparse.Embedding", "rnn.LSTM", "activation.Sigmoid",
]
FUNCTIONS = [
    "_operator.add", "_operator.mul", "torch.add", "torch.mul", "torch.cat",
    "torch.nn.functional.relu", "torch._C._nn.linear", "torch.conv2d",
    "torch.matmul", "torch.flatten", "torch.sigmoid", "torch.tanh",
    "torch.nn.functional.hardswish", "torch.nn.functional.layer_norm",
]
METHODS = ["relu", "relu_", "view", "reshape", "sigmoid", "tanh", "mean",
           "flatten", "contiguous", "permute", "transpose", "size"]


class Gen:
    def __init__(self, n, seed):
        self.n = n
        self.rng = random.Random(seed)
        num_ops = 100 + n // 40
        self.ops = []  # (name, kind, target)
        for i in range(num_ops):
            r = i % 10
            if r < 6:
                fam = MODULE_FAMILIES[i % len(MODULE_FAMILIES)]
                self.ops.append((f"m{i}", "module",
                                 f"bench.nn.modules.{fam}{i}"))
            elif r < 9:
                fn = FUNCTIONS[i % len(FUNCTIONS)]
                self.ops.append((f"f{i}", "function", f"{fn}_{i}"))
            else:
                m = METHODS[i % len(METHODS)]
                self.ops.append((f"t{i}", "method", f"{m}_{i}"))
        self.modules = [o for o in self.ops if o[1] == "module"]
        self.funcs = [o for o in self.ops if o[1] == "function"]
        self.fused = []  # fused module ops, declared on demand
        self.seen = set()  # legacy forms already used
        self.lines = []  # pattern lines
        self.count = 0
        self.opsets = []  # (name, [members])

    # Legacy forms: a bare op is its name; a node with args is (op, a1, ...).
    @staticmethod
    def legacy(t):
        if isinstance(t, str):
            return t
        return "(" + ", ".join(Gen.legacy(x) for x in t) + ")"

    @staticmethod
    def chain_tree(ops):
        t = ops[0]
        for o in ops[1:]:
            t = (o, t)
        return t

    def pick(self, pool=None):
        return self.rng.choice(pool or self.ops)[0]

    def claim(self, trees, avoid=()):
        """Reserves the legacy forms of `trees`; fails if one is taken or if
        a form in `avoid` (a wildcard pattern that would shadow it) is."""
        forms = [self.legacy(t) for t in trees]
        if len(set(forms)) != len(forms) or any(f in self.seen for f in forms):
            return False
        if any(self.legacy(a) in self.seen for a in avoid):
            return False
        self.seen.update(forms)
        return True

    def fused_module(self):
        i = len(self.fused)
        name = f"Fused{i}"
        self.fused.append((name, "module", f"bench.nn.intrinsic.Fused{i}"))
        return name

    def emit(self, text, k):
        self.lines.append(text)
        self.count += k

    # -- the kinds of patterns -------------------------------------------------
    def single(self):
        o = self.pick()
        if not self.claim([o]):
            return False
        if o.startswith("m") and self.rng.random() < 0.3:
            self.emit(f"pattern {o} {{ root = {o}; }}", 1)
        elif self.rng.random() < 0.3:
            self.emit(f"pattern {o} {{ observation = "
                      "output_share_observer_with_input; }", 1)
        else:
            self.emit(f"pattern {o};", 1)
        return True

    def chain(self):
        ln = self.rng.choice([2, 2, 2, 3, 3, 4])
        fusable = self.rng.random() < 0.5
        pool = self.modules if fusable else None
        ops = [self.pick(pool) for _ in range(ln)]
        if not self.claim([self.chain_tree(ops)]):
            return False
        text = " -> ".join(ops)
        if fusable and ln == 2 and self.rng.random() < 0.3:
            self.emit(f"pattern {text} => {self.fused_module()} "
                      "{ fuser = fuse2; }", 1)
        elif fusable and ln == 3 and self.rng.random() < 0.3:
            self.emit(f"pattern {text} => {self.fused_module()} "
                      "{ fuser = fuse3; }", 1)
        elif fusable:
            self.emit(f"pattern {text} => {self.fused_module()} "
                      "{ fuser = sequential; }", 1)
        else:
            self.emit(f"pattern {text};", 1)
        return True

    def tree(self):
        r = self.rng.random()
        top = self.pick(self.funcs)
        avoid = []
        if r < 0.35:
            a = self.pick()
            tree = (top, a, "_")
            text = f"pattern {top}({a}, _)"
        elif r < 0.6:
            a, b, c = self.pick(), self.pick(), self.pick()
            tree = (top, (b, a), c)
            avoid = [(top, (b, "_"), c)]
            text = f"pattern {top}({b}({a}), {c})"
        elif r < 0.85:
            a, after = self.pick(), self.pick()
            tree = (after, (top, a, "_"))
            text = f"pattern {a} -> {top}(<prev>, _) -> {after}"
        else:
            a, b = self.pick(), self.pick()
            tree = (top, (a, "_"), b)
            text = f"pattern {top}({a}(_), {b})"
        if not self.claim([tree], avoid):
            return False
        if self.rng.random() < 0.3:
            self.emit(text + " { format = complex; }", 1)
        else:
            self.emit(text + ";", 1)
        return True

    def alternatives(self):
        k = self.rng.choice([2, 2, 3, 4])
        if self.count + k > self.n:
            return False
        alts = self.rng.sample(self.ops, k)
        names = [a[0] for a in alts]
        first = self.pick()
        use_set = self.rng.random() < 0.3
        if self.rng.random() < 0.5:
            trees = [(a, first) for a in names]
        else:
            trees = [(first, a) for a in names]
        if not self.claim(trees):
            return False
        if use_set:
            sname = f"set{len(self.opsets)}"
            self.opsets.append((sname, names))
            alt = sname
        else:
            alt = "(" + " | ".join(names) + ")"
        if trees[0][0] == first:
            self.emit(f"pattern {alt} -> {first};", k)
        else:
            self.emit(f"pattern {first} -> {alt};", k)
        return True

    def run(self):
        kinds = [(self.single, 0.20), (self.chain, 0.35), (self.tree, 0.20),
                 (self.alternatives, 0.25)]
        fails = 0
        while self.count < self.n:
            r = self.rng.random()
            acc = 0.0
            for fn, p in kinds:
                acc += p
                if r < acc:
                    break
            if self.count + 1 == self.n and fn == self.alternatives:
                fn = self.chain
            if fn():
                fails = 0
            else:
                fails += 1
                if fails > 100000:
                    sys.exit("gen_patterns: cannot find more distinct patterns")

    def write(self, out):
        w = out.write
        w(f"// Generated by bench/gen_patterns.py {self.n}: {self.count} "
          "pattern configs, one backend.\n\n")
        for name, kind, target in self.ops + self.fused:
            w(f'op {name} = {kind} "{target}";\n')
        w("\n")
        for name, members in self.opsets:
            w(f"opset {name} = {' | '.join(members)};\n")
        w('\ndtype quint8 = "torch.quint8";\n')
        w('dtype qint8 = "torch.qint8";\n')
        w('dtype float = "torch.float32";\n')
        w("dtype_config weighted_int8 { input = quint8; output = quint8; "
          "weight = qint8; bias = float; }\n")
        w("dtype_config default_quint8 { input = quint8; output = quint8; }\n")
        w('fuser fuse2(a, b) = "bench.fusers.fuse2";\n')
        w('fuser fuse3(a, b, c) = "bench.fusers.fuse3";\n\n')
        groups = []
        per = 500
        for g in range(0, len(self.lines), per):
            name = f"g{g // per}"
            groups.append(name)
            w(f"group {name} {{\n")
            for line in self.lines[g:g + per]:
                w(f"  {line}\n")
            w("}\n\n")
        w("backend gen {\n")
        w("  defaults { dtypes = [weighted_int8]; }\n")
        for i, name in enumerate(groups):
            if i % 3 == 2:
                w(f"  use {name} {{ dtypes = [default_quint8]; }}\n")
            else:
                w(f"  use {name};\n")
        w("}\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int, help="number of pattern configs")
    ap.add_argument("-o", "--output", default="-")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    g = Gen(args.n, args.seed)
    g.run()
    if args.output == "-":
        g.write(sys.stdout)
    else:
        with open(args.output, "w") as f:
            g.write(f)


if __name__ == "__main__":
    main()
