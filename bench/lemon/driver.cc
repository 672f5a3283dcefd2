// driver reads a DIMACS min-cost-flow problem and solves it with LEMON's
// NetworkSimplex (block search pivoting), for comparison with the planner's
// Go core on the same graph. It prints the best wall time of the solve
// (excluding reading) over the given number of runs, the status and the
// optimal cost:
//
//   driver FILE RUNS  ->  "lemon_ns=<ns> status=<optimal|infeasible|unbounded> cost=<cost>"
//
// It is a benchmark tool under bench/, not part of jiaoliu.
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <lemon/dimacs.h>
#include <lemon/network_simplex.h>
#include <lemon/smart_graph.h>

int main(int argc, char **argv) {
  if (argc < 2) {
    std::cerr << "usage: driver FILE [RUNS]\n";
    return 2;
  }
  int runs = argc > 2 ? std::atoi(argv[2]) : 1;
  std::ifstream in(argv[1]);
  if (!in) {
    std::cerr << "cannot open " << argv[1] << "\n";
    return 2;
  }
  typedef lemon::SmartDigraph G;
  G g;
  G::ArcMap<long long> lower(g), capacity(g), cost(g);
  G::NodeMap<long long> supply(g);
  lemon::readDimacsMin(in, g, lower, capacity, cost, supply);

  typedef lemon::NetworkSimplex<G, long long, long long> NS;
  long long best = -1;
  NS::ProblemType status = NS::INFEASIBLE;
  long long total = 0;
  for (int r = 0; r < runs; r++) {
    NS ns(g);
    ns.lowerMap(lower).upperMap(capacity).costMap(cost).supplyMap(supply);
    auto start = std::chrono::steady_clock::now();
    status = ns.run(NS::BLOCK_SEARCH);
    auto end = std::chrono::steady_clock::now();
    long long t = std::chrono::duration_cast<std::chrono::nanoseconds>(end - start).count();
    if (best < 0 || t < best) best = t;
    if (status == NS::OPTIMAL) total = ns.totalCost();
  }
  const char *name = status == NS::OPTIMAL ? "optimal" : status == NS::INFEASIBLE ? "infeasible" : "unbounded";
  std::cout << "lemon_ns=" << best << " status=" << name << " cost=" << total << "\n";
  return 0;
}
