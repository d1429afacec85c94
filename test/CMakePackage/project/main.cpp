// A backend's program: registers the generated configs with the installed
// runtime and runs the generated matcher table over a small graph.
#include "outside_matcher.h"
#include "outside_register.h"

#include <bpat/Runtime/Graph.h>
#include <bpat/Runtime/TableMatcher.h>
#include <cstdio>
#include <string>

// The one hook outside.bpat needs: `sequential` builds a fused module.
struct Hooks {
  using Module = std::string;
  static bpat::rt::Expected<Module> sequential(const char *fused,
                                               std::vector<Module> modules) {
    std::string out = fused;
    for (const Module &m : modules)
      out += " " + m;
    return out;
  }
};

int main() {
  bpat::rt::BackendConfig config;
  bpat::rt::BackendCallbacks<std::string> callbacks;
  bpat_gen_outside::registerBackend<Hooks>(config, &callbacks);

  // x -> linear -> relu -> output
  bpat::rt::Graph graph;
  auto add = [&](const char *name, bpat::rt::NodeOp op, const char *target,
                 std::vector<bpat::rt::Arg> args) {
    bpat::rt::GraphNode node;
    node.name = name;
    node.op = op;
    node.target = target;
    node.args = std::move(args);
    return *graph.addNode(std::move(node));
  };
  auto x = add("x", bpat::rt::NodeOp::Placeholder, "x", {});
  auto linear =
      add("linear", bpat::rt::NodeOp::CallModule,
          "torch.nn.modules.linear.Linear", {bpat::rt::Arg::makeNode(x)});
  auto relu = add("relu", bpat::rt::NodeOp::CallModule,
                  "torch.nn.modules.activation.ReLU",
                  {bpat::rt::Arg::makeNode(linear)});
  add("output", bpat::rt::NodeOp::Output, "output",
      {bpat::rt::Arg::makeNode(relu)});

  auto matcher =
      bpat::rt::TableMatcher::create(bpat_gen_outside::matcher::FuseTable);
  if (!matcher) {
    std::printf("bad table: %s\n", matcher.message().c_str());
    return 1;
  }
  bpat::rt::MatchMap matches = matcher->match(graph);
  const bpat::rt::MatchEntry &m = matches[linear];
  if (!m.matched() || m.anchor != relu)
    return 1;
  // Fuse as PyTorch does: the fuser gets the reversed nested modules.
  auto fused = callbacks.configs[m.config].fuser(
      false, bpat::rt::forwardToReversedNested<std::string>({"lin", "act"}));
  std::printf("runtime ok: %s, %zu configs, fused: %s\n", config.name.c_str(),
              config.configs.size(), fused ? fused->c_str() : "error");
  return config.configs.size() == 2 ? 0 : 1;
}
