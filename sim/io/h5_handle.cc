#include "sim/io/h5_handle.h"

#include <vector>

namespace bmd::io {

namespace {

std::string QueryName(ssize_t (*query)(hid_t, char*, size_t), hid_t id) {
  const ssize_t n = query(id, nullptr, 0);
  if (n <= 0) return "?";
  std::vector<char> buffer(static_cast<std::size_t>(n) + 1, '\0');
  if (query(id, buffer.data(), buffer.size()) < 0) return "?";
  return std::string(buffer.data());
}

}  // namespace

std::string DescribeObject(hid_t id) {
  H5E_auto2_t func = nullptr;
  void* data = nullptr;
  H5Eget_auto2(H5E_DEFAULT, &func, &data);
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  std::string file = QueryName(&H5Fget_name, id);
  std::string object = QueryName(&H5Iget_name, id);
  H5Eclear2(H5E_DEFAULT);
  H5Eset_auto2(H5E_DEFAULT, func, data);
  return file + ":" + object;
}

}  // namespace bmd::io
