package plan

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// WriteDIMACS writes the network in the DIMACS min-cost-flow format
// (nodes numbered from 1): "p min N M", "n ID SUPPLY" for non-zero
// supplies, "a SRC DST LOW CAP COST" per arc in arc order.
func (g *FlowNetwork) WriteDIMACS(w io.Writer) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "c jiaoliu planner flow network\np min %d %d\n", g.nodeNum, g.arcNum)
	for u, s := range g.supply {
		if s != 0 {
			fmt.Fprintf(bw, "n %d %d\n", u+1, s)
		}
	}
	for a := 0; a < g.arcNum; a++ {
		fmt.Fprintf(bw, "a %d %d %d %d %d\n", g.arcSrc[a]+1, g.arcTgt[a]+1, g.lower[a], g.upper[a], g.arcCost[a])
	}
	return bw.Flush()
}

// ReadDIMACS reads a network in the DIMACS min-cost-flow format.
func ReadDIMACS(r io.Reader) (*FlowNetwork, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	var g *FlowNetwork
	line := 0
	for sc.Scan() {
		line++
		f := strings.Fields(sc.Text())
		if len(f) == 0 || f[0] == "c" {
			continue
		}
		nums := make([]int64, len(f)-1)
		for i := range nums {
			if i == 0 && f[0] == "p" {
				continue
			}
			v, err := strconv.ParseInt(f[i+1], 10, 64)
			if err != nil {
				return nil, fmt.Errorf("dimacs line %d: %v", line, err)
			}
			nums[i] = v
		}
		switch {
		case f[0] == "p" && len(f) == 4:
			g = NewFlowNetwork(int(nums[1]))
		case g == nil:
			return nil, fmt.Errorf("dimacs line %d: no problem line before data", line)
		case f[0] == "n" && len(f) == 3:
			g.SetSupply(int(nums[0]-1), nums[1])
		case f[0] == "a" && len(f) == 6:
			g.AddArc(int(nums[0]-1), int(nums[1]-1), nums[2], nums[3], nums[4])
		default:
			return nil, fmt.Errorf("dimacs line %d: cannot read %q", line, sc.Text())
		}
	}
	if g == nil {
		return nil, fmt.Errorf("dimacs: no problem line")
	}
	return g, sc.Err()
}

// PricingNetwork returns the flow network the planner solves for an
// instance: the network of PLANNER.md's model with the integer costs of the
// Lagrangian subproblem at the duals the root relaxation ends with, ready
// for a cold Solve. Benchmarks use it to compare the min-cost-flow core with
// other implementations on the same graph.
func PricingNetwork(in *Instance) (*FlowNetwork, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	x := newIndex(in)
	pins, err := resolvePins(x, &Options{})
	if err != nil {
		return nil, err
	}
	md := buildModel(x, pins)
	s := newSearcher(context.Background(), md, pins, &Options{MaxNodes: 1})
	if _, _, err := s.run(); err != nil {
		return nil, err
	}
	out := NewFlowNetwork(md.g.Nodes())
	for a := 0; a < md.g.Arcs(); a++ {
		lo, hi := s.baseLo[a], s.baseHi[a]
		out.AddArc(md.g.Source(a), md.g.Target(a), lo, hi, md.g.Cost(a))
	}
	return out, nil
}
