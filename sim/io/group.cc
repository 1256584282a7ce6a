#include "sim/io/group.h"

#include <fmt/format.h>

#include <vector>

#include "sim/io/h5_error.h"

namespace bmd::io {

namespace {

std::string Join(hid_t loc, std::string_view path) {
  if (!path.empty() && path.front() == '/') return std::string(path);
  return fmt::format("{}/{}", DescribeObject(loc), path);
}

}  // namespace

bool LinkExists(hid_t loc, std::string_view path) {
  QuietHdf5Errors();
  // H5Lexists fails (rather than answering false) when an intermediate link is missing,
  // so walk the path one component at a time.
  std::string prefix;
  std::size_t start = 0;
  if (!path.empty() && path.front() == '/') {
    prefix.push_back('/');  // (not `= "/"`: GCC 12 + sanitizers warns falsely, PR105329)
    start = 1;
  }
  while (start < path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    if (end > start) {
      if (!prefix.empty() && prefix.back() != '/') prefix += '/';
      prefix.append(path.substr(start, end - start));
      const htri_t exists = H5Lexists(loc, prefix.c_str(), H5P_DEFAULT);
      if (exists < 0) ThrowH5Error("check link", Join(loc, prefix));
      if (exists == 0) return false;
    }
    start = end + 1;
  }
  return true;
}

Group Group::Open(hid_t loc, std::string_view path) {
  QuietHdf5Errors();
  const std::string p(path);
  if (!LinkExists(loc, p)) throw H5Error("open group", Join(loc, p), "no such group");
  return Group(GroupHandle(CheckId(H5Gopen2(loc, p.c_str(), H5P_DEFAULT), "open group", Join(loc, p))));
}

Group Group::CreateGroup(std::string_view path) const {
  QuietHdf5Errors();
  const std::string p(path);
  if (LinkExists(id(), p)) throw H5Error("create group", Join(id(), p), "already exists");
  PropListHandle lcpl(CheckId(H5Pcreate(H5P_LINK_CREATE), "create property list", p));
  CheckStatus(H5Pset_create_intermediate_group(lcpl.id(), 1), "set intermediate groups", p);
  CheckStatus(H5Pset_char_encoding(lcpl.id(), H5T_CSET_UTF8), "set link encoding", p);
  return Group(GroupHandle(CheckId(H5Gcreate2(id(), p.c_str(), lcpl.id(), H5P_DEFAULT, H5P_DEFAULT),
                                   "create group", Join(id(), p))));
}

Group Group::OpenGroup(std::string_view path) const { return Open(id(), path); }

bool Group::Contains(std::string_view path) const { return LinkExists(id(), path); }

std::string Group::Path() const {
  const ssize_t n = H5Iget_name(id(), nullptr, 0);
  if (n < 0) ThrowH5Error("get group name", "?");
  std::vector<char> buffer(static_cast<std::size_t>(n) + 1, '\0');
  H5Iget_name(id(), buffer.data(), buffer.size());
  return std::string(buffer.data());
}

std::string Group::ChildPath(std::string_view name) const {
  std::string path = Path();
  if (path.empty() || path.back() != '/') path.push_back('/');
  path.append(name);
  return path;
}

}  // namespace bmd::io
