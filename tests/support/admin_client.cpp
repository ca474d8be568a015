#include "tests/support/admin_client.hpp"

#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <httplib.h>

namespace streamline::test_support {

int free_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  const bool ok = fd >= 0 && bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
                  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0;
  if (fd >= 0) close(fd);
  if (!ok) throw std::runtime_error("no free port");
  return ntohs(addr.sin_port);
}

AdminReply admin_get(int port, const std::string& path) {
  httplib::Client client("127.0.0.1", port);
  client.set_connection_timeout(1);
  client.set_read_timeout(5);
  auto res = client.Get(path.c_str());
  if (!res) return {};
  return {res->status, res->body, res->get_header_value("Content-Type")};
}

AdminReply admin_poll(int port, const std::string& path, const std::function<bool(const AdminReply&)>& done,
                      std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  AdminReply reply;
  do {
    reply = admin_get(port, path);
    if (done(reply)) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  } while (std::chrono::steady_clock::now() < deadline);
  return reply;
}

std::map<std::string, double> prometheus_samples(const std::string& scrape) {
  std::map<std::string, double> out;
  std::istringstream in(scrape);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const auto space = line.rfind(' ');
    out[line.substr(0, space)] = std::stod(line.substr(space + 1));
  }
  return out;
}

std::string stage_series(const std::string& name, const std::string& stage, const std::string& plugin) {
  return name + "{plugin=\"" + plugin + "\",stage=\"" + stage + "\"}";
}

bool has_promtool() { return std::system("command -v promtool > /dev/null 2>&1") == 0; }

std::pair<int, std::string> promtool_check(const std::filesystem::path& dir, const std::string& scrape) {
  const auto file = dir / "scrape.txt";
  const auto out = dir / "promtool.out";
  std::ofstream(file) << scrape;
  const std::string command = "promtool check metrics < '" + file.string() + "' > '" + out.string() + "' 2>&1";
  const int status = std::system(command.c_str());
  std::ifstream in(out);
  std::stringstream text;
  text << in.rdbuf();
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, text.str()};
}

}  // namespace streamline::test_support
