#pragma once
/// Optimal rectangular linear assignment (Kuhn–Munkres with potentials, solved row by row by
/// shortest augmenting paths in the Jonker–Volgenant manner; O(n^2 m) worst case, near
/// O(n m) when gating leaves each row few candidates):
///   minimise sum_i cost(i, col(i)) over injective col(.) from min(rows, cols) items.
/// Entries may be +infinity (forbidden pair). The solver keeps its work arrays between calls:
/// once they have grown to the largest problem seen, Solve() allocates nothing.
#include <vector>

namespace bmd::fusion {

class AssignmentSolver {
 public:
  /// Pre-sizes the work arrays for problems up to max_rows x max_cols.
  void Reserve(int max_rows, int max_cols);

  /// cost: row-major rows x cols (stride cols). Fills row_to_col[0..rows) with the assigned
  /// column or -1. If rows <= cols every row is assigned; otherwise every column is. Returns
  /// false (row_to_col all -1) when no such assignment of finite cost exists.
  /// Separable problems (rows <= cols, no column finite in more than one row, e.g. gated
  /// tracks whose gates share no measurement) take each row's cheapest column directly: the
  /// same columns as the general algorithm (see SolveSeparable in the .cc).
  bool Solve(const double* cost, int rows, int cols, int* row_to_col);
  /// Solve without the separable shortcut (the general algorithm on every problem; for
  /// tests and benchmarks).
  bool SolveHungarian(const double* cost, int rows, int cols, int* row_to_col);

 private:
  // rows <= cols, each column finite in at most one row: every row's cheapest column (the
  // same columns as SolveWide). False (row_to_col to be overwritten) if not separable.
  bool SolveSeparable(const double* cost, int rows, int cols, int* row_to_col);
  bool SolveWide(const double* cost, int rows, int cols, int* row_to_col);
  bool SolveImpl(const double* cost, int rows, int cols, int* row_to_col, bool shortcut);
  std::vector<double> u_, v_, minv_, transposed_;
  std::vector<int> p_, way_, col_to_row_;
  std::vector<char> used_;
};

}  // namespace bmd::fusion
