//===- examples/cpp-fuse/main.cpp - From .bpat to a fused graph in C++ ----===//
//
// Part of the bpat project: the example of docs/runtime.md §7.
//
//===----------------------------------------------------------------------===//
//
// Loads an FX graph exported by utils/fx_export.py (model.json by default),
// registers the backend of example.bpat from the sources bpatc generated
// (example_register.h, example_matcher.h), finds the fuse-mode matches with
// the generated matcher table, fuses them with rt::fuseGraph, and prints
// each fuser call and the fused graph (graph JSON, as PyTorch's fuse_fx
// graph would be exported). Links bpat::GraphJSON and bpat::Runtime only.
//
//   cpp-fuse [GRAPH.json] [--time N]
//
// With --time N it fuses N times and prints the best time per fusion
// (reading the graph, matching and fusing) instead of the graph.
//
//===----------------------------------------------------------------------===//

#include "example_matcher.h"
#include "example_register.h"

#include <bpat/GraphJSON/GraphJSON.h>
#include <bpat/GraphJSON/GraphWriter.h>
#include <bpat/Runtime/Fusion.h>
#include <bpat/Runtime/TableMatcher.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

using namespace bpat;

/// The example's handle to a module: its class and, for a fused module,
/// the classes it was made of. A real backend would hold its weights here.
struct Module {
  std::string cls;
  std::vector<std::string> parts;
};

/// The target rt::Graph gives a fused node: the class of its module.
template <> struct bpat::rt::ModuleTraits<Module> {
  static std::string target(const Module &m) { return m.cls; }
};

/// What each fuser was called with, printed before the graph.
static std::vector<std::string> fuserCalls;

static std::string classList(const std::vector<Module> &modules) {
  std::string text;
  for (const Module &m : modules)
    text += (text.empty() ? "" : ", ") + m.cls;
  return text;
}

static Module fused(std::string cls, std::vector<Module> modules,
                    const std::string &fuser) {
  fuserCalls.push_back(fuser + "(" + classList(modules) + ") -> " + cls);
  Module m{std::move(cls), {}};
  for (const Module &part : modules)
    m.parts.push_back(part.cls);
  return m;
}

// The functions the generated header's comment lists, named after the
// .bpat fusers and getters (so not in the project's naming style).
// NOLINTBEGIN(readability-identifier-naming)
struct Hooks {
  using Module = ::Module;

  /// PyTorch's fuse_conv_bn_relu in eval mode: the batch norm folded into
  /// the conv, then ConvReLU2d.
  static rt::Expected<Module> fuse_conv_bn_relu(bool isQat, const Module &conv,
                                                const Module &bn,
                                                const Module &relu) {
    return fused("torch.ao.nn.intrinsic.modules.fused.ConvReLU2d",
                 {conv, bn, relu}, "fuse_conv_bn_relu");
  }
  /// PyTorch's fuse_conv_bn in eval mode: the conv, batch norm folded in.
  static rt::Expected<Module> fuse_conv_bn(bool isQat, const Module &conv,
                                           const Module &bn) {
    return fused(conv.cls, {conv, bn}, "fuse_conv_bn");
  }
  /// `fuser = sequential`: the pattern's `=> X` from the matched modules,
  /// in forward order.
  static rt::Expected<Module> sequential(const char *fusedModule,
                                         std::vector<Module> modules) {
    return fused(fusedModule, std::move(modules), "sequential");
  }
  /// A nested fuser gets PyTorch's reversed nested shape:
  /// (relu, (add, conv, other)).
  static rt::Expected<Module>
  fuse_conv_add_relu(bool isQat, const rt::NestedArgs<Module> &modules) {
    if (modules.size() != 2 || modules[1].isLeaf() ||
        modules[1].elements().size() != 3)
      return rt::Error::failure("fuse_conv_add_relu: expected "
                                "(relu, (add, conv, other))");
    const auto &add = modules[1].elements();
    return fused("example.ConvAddReLU2d",
                 {add[1].value(), add[0].value(), modules[0].value()},
                 "fuse_conv_add_relu");
  }
  /// Getters see the matched nodes in the same shape: [relu, (add, conv,
  /// other)]. The conv stays (its op, args, name), `other` is appended to
  /// its args.
  static rt::Expected<rt::NodeId>
  conv_add_root(const rt::NestedArgs<rt::NodeId> &matched) {
    return matched[1].elements()[1].value();
  }
  static rt::Expected<std::vector<rt::NodeId>>
  conv_add_extra_inputs(const rt::NestedArgs<rt::NodeId> &matched) {
    return std::vector<rt::NodeId>{matched[1].elements()[2].value()};
  }
};
// NOLINTEND(readability-identifier-naming)

/// The module a fuser receives for a matched node, as PyTorch's fuse
/// handler passes it: the module a call_module node calls (here: its
/// class, which the graph JSON holds), a new ReLU for F.relu, and for any
/// other node what it calls.
static rt::Expected<Module> moduleOf(const rt::Graph &g, rt::NodeId n) {
  rt::NodeView node = g.node(n);
  if (node.op() == rt::NodeOp::CallFunction &&
      node.target() == "torch.nn.functional.relu")
    return Module{"torch.nn.modules.activation.ReLU", {}};
  return Module{std::string(node.target()), {}};
}

/// Matches and fuses `graph` in place.
static rt::Error fuse(rt::Graph &graph, const rt::BackendConfig &config,
                      const rt::BackendCallbacks<Module> &callbacks,
                      const rt::TableMatcher &matcher) {
  rt::MatchMap matches = matcher.match(graph);
  return rt::fuseGraph<rt::Graph, Module>(graph, matches, config, callbacks,
                                          moduleOf);
}

int main(int argc, char **argv) {
  std::string path = BPAT_EXAMPLE_GRAPH; // model.json next to this file
  int timeRuns = 0;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--time") && i + 1 < argc)
      timeRuns = std::atoi(argv[++i]);
    else
      path = argv[i];
  }

  // 1. The backend, from the generated registration code.
  rt::BackendConfig config;
  rt::BackendCallbacks<Module> callbacks;
  bpat_gen_example::registerBackend<Hooks>(config, &callbacks);
  // 2. Its fuse-mode matcher, from the generated table.
  rt::Expected<rt::TableMatcher> matcher =
      rt::TableMatcher::create(bpat_gen_example::matcher::FuseTable);
  if (!matcher) {
    std::cerr << "cpp-fuse: " << matcher.message() << "\n";
    return 1;
  }

  if (timeRuns > 0) {
    using Clock = std::chrono::steady_clock;
    double best = 1e30;
    size_t before = 0, after = 0;
    for (int run = 0; run < timeRuns; ++run) {
      auto start = Clock::now();
      rt::Expected<rt::Graph> graph = graphio::readGraphJSONFile(path);
      if (!graph) {
        std::cerr << graph.message();
        return 1;
      }
      auto read = Clock::now();
      before = graph->size();
      if (rt::Error e = fuse(*graph, config, callbacks, *matcher)) {
        std::cerr << "cpp-fuse: " << e.message() << "\n";
        return 1;
      }
      auto done = Clock::now();
      after = graph->size();
      (void)read;
      best = std::min(
          best,
          std::chrono::duration<double, std::milli>(done - start).count());
    }
    std::printf("%s: %zu nodes -> %zu, best of %d: %.3f ms (read, match, "
                "fuse)\n",
                path.c_str(), before, after, timeRuns, best);
    return 0;
  }

  // 3. The graph, read with the installed reader (errors as file:line:col).
  rt::Expected<rt::Graph> graph = graphio::readGraphJSONFile(path);
  if (!graph) {
    std::cerr << graph.message();
    return 1;
  }
  // 4. Match and fuse; on error the graph is left as it was.
  if (rt::Error e = fuse(*graph, config, callbacks, *matcher)) {
    std::cerr << "cpp-fuse: " << e.message() << "\n";
    return 1;
  }
  // 5. Print what the fusers got and the fused graph.
  for (const std::string &call : fuserCalls)
    std::cout << call << "\n";
  std::cout << graphio::writeGraphJSON(*graph);
  return 0;
}
