#include "models/fusion/assignment.h"

#include <algorithm>
#include <limits>

namespace bmd::fusion {
namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();
}

void AssignmentSolver::Reserve(int max_rows, int max_cols) {
  const int n = std::max(max_rows, max_cols) + 1;
  u_.reserve(n);
  v_.reserve(n);
  minv_.reserve(n);
  p_.reserve(n);
  way_.reserve(n);
  used_.reserve(n);
  col_to_row_.reserve(n);
  transposed_.reserve(static_cast<std::size_t>(max_rows) * max_cols);
}

bool AssignmentSolver::Solve(const double* cost, int rows, int cols, int* row_to_col) {
  return SolveImpl(cost, rows, cols, row_to_col, true);
}

bool AssignmentSolver::SolveHungarian(const double* cost, int rows, int cols, int* row_to_col) {
  return SolveImpl(cost, rows, cols, row_to_col, false);
}

bool AssignmentSolver::SolveImpl(const double* cost, int rows, int cols, int* row_to_col,
                                 bool shortcut) {
  std::fill(row_to_col, row_to_col + rows, -1);
  if (rows == 0 || cols == 0) return true;
  if (rows <= cols) {
    if (shortcut && SolveSeparable(cost, rows, cols, row_to_col)) return true;
    std::fill(row_to_col, row_to_col + rows, -1);
    return SolveWide(cost, rows, cols, row_to_col);
  }
  // More rows than columns: solve the transposed problem.
  transposed_.resize(static_cast<std::size_t>(rows) * cols);
  for (int i = 0; i < rows; ++i) {
    for (int j = 0; j < cols; ++j) transposed_[static_cast<std::size_t>(j) * rows + i] = cost[i * cols + j];
  }
  col_to_row_.resize(cols);
  if (!SolveWide(transposed_.data(), cols, rows, col_to_row_.data())) return false;
  for (int j = 0; j < cols; ++j) row_to_col[col_to_row_[j]] = j;
  return true;
}

// Separable problem: no column has a finite cost in more than one row, and every row has a
// finite cost. Then the rows do not compete, the optimum takes each row's cheapest column,
// and this is exactly what SolveWide returns: inserting row i, its first search step sees
// v(j) = 0 for every real column (a search that ends at once on a free column changes only
// u(i) and the virtual column's v(0), and in a separable problem every earlier row ended so,
// at a column finite only for itself), so the reduced costs are the costs themselves
// (c - 0 - 0 = c exactly), the strict "<" keeps the first (lowest-index) minimum, and that
// column is free (finite for row i alone): the path ends there. Same columns, bit for bit;
// O(rows x cols) comparisons instead of the searches and potential updates.
bool AssignmentSolver::SolveSeparable(const double* cost, int rows, int cols, int* row_to_col) {
  col_to_row_.assign(cols, -1);
  for (int i = 0; i < rows; ++i) {
    const double* row = cost + static_cast<std::size_t>(i) * cols;
    double best = kInf;
    int best_j = -1;
    for (int j = 0; j < cols; ++j) {
      if (row[j] == kInf) continue;
      if (col_to_row_[j] >= 0) return false;  // shared column: the rows compete
      col_to_row_[j] = i;
      if (row[j] < best) {
        best = row[j];
        best_j = j;
      }
    }
    if (best_j < 0) return false;  // no finite column: SolveWide reports it
    row_to_col[i] = best_j;
  }
  return true;
}

// Hungarian algorithm with row/column potentials u, v (1-based, column 0 is the virtual
// start): each row is inserted by a Dijkstra-like search for the cheapest augmenting path
// in reduced costs c(i, j) - u(i) - v(j) >= 0.
bool AssignmentSolver::SolveWide(const double* cost, int rows, int cols, int* row_to_col) {
  const int n = rows, m = cols;
  u_.assign(n + 1, 0.0);
  v_.assign(m + 1, 0.0);
  p_.assign(m + 1, 0);
  way_.assign(m + 1, 0);
  minv_.resize(m + 1);
  used_.resize(m + 1);
  for (int i = 1; i <= n; ++i) {
    p_[0] = i;
    int j0 = 0;
    std::fill(minv_.begin(), minv_.end(), kInf);
    std::fill(used_.begin(), used_.end(), 0);
    do {
      used_[j0] = 1;
      const int i0 = p_[j0];
      const double* row = cost + static_cast<std::size_t>(i0 - 1) * m;
      const double ui0 = u_[i0];
      double delta = kInf;
      int j1 = -1;
      for (int j = 1; j <= m; ++j) {
        if (used_[j]) continue;
        const double cur = row[j - 1] - ui0 - v_[j];
        if (cur < minv_[j]) {
          minv_[j] = cur;
          way_[j] = j0;
        }
        if (minv_[j] < delta) {
          delta = minv_[j];
          j1 = j;
        }
      }
      if (j1 < 0) {  // every remaining column forbidden: no finite assignment
        std::fill(row_to_col, row_to_col + rows, -1);
        return false;
      }
      for (int j = 0; j <= m; ++j) {
        if (used_[j]) {
          u_[p_[j]] += delta;
          v_[j] -= delta;
        } else {
          minv_[j] -= delta;
        }
      }
      j0 = j1;
    } while (p_[j0] != 0);
    do {
      const int j1 = way_[j0];
      p_[j0] = p_[j1];
      j0 = j1;
    } while (j0 != 0);
  }
  for (int j = 1; j <= m; ++j) {
    if (p_[j] != 0) row_to_col[p_[j] - 1] = j - 1;
  }
  return true;
}

}  // namespace bmd::fusion
