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
  bool Solve(const double* cost, int rows, int cols, int* row_to_col);

 private:
  bool SolveWide(const double* cost, int rows, int cols, int* row_to_col);
  std::vector<double> u_, v_, minv_, transposed_;
  std::vector<int> p_, way_, col_to_row_;
  std::vector<char> used_;
};

}  // namespace bmd::fusion
