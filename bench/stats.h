// Sample statistics and the plain-text tables every benchmark prints.
#ifndef AQGATE_BENCH_STATS_H_
#define AQGATE_BENCH_STATS_H_

#include <string>
#include <vector>

namespace aqgate::bench {

// The p-th percentile (0..100, nearest rank) of `samples`; 0 when empty.
double Percentile(std::vector<double> samples, double p);
inline double Median(std::vector<double> samples) { return Percentile(std::move(samples), 50); }

// A left-aligned first column, right-aligned others, separated by two spaces.
class Table {
 public:
  explicit Table(std::vector<std::string> header) : header_(std::move(header)) {}
  void AddRow(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  std::string ToString() const;
  void Print() const;

 private:
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

// "12.3" style formatting with `digits` decimals.
std::string Fixed(double value, int digits);

}  // namespace aqgate::bench

#endif  // AQGATE_BENCH_STATS_H_
