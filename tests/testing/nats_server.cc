#include "testing/nats_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

namespace eventwire::testing {
namespace {

bool Accepts(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bool ok = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  close(fd);
  return ok;
}

}  // namespace

int UnusedPort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  int port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0)
    port = ntohs(addr.sin_port);
  close(fd);
  return port;
}

std::string NatsServer::Binary() {
  for (const char* p : {"/usr/sbin/nats-server", "/usr/bin/nats-server",
                        "/usr/local/bin/nats-server"})
    if (std::filesystem::exists(p)) return p;
  return "";
}

NatsServer::NatsServer(const std::string& dir, int timeout_ms,
                       const std::string& config) {
  std::filesystem::create_directories(dir);
  const int port = UnusedPort();
  std::vector<std::string> argv = {
      Binary(), "-js",      "-a", "127.0.0.1", "-p", std::to_string(port),
      "-sd",    dir + "/js"};
  if (!config.empty()) {
    const std::string path = dir + "/nats-server.conf";
    std::ofstream(path) << config << "\n";
    argv.push_back("-c");
    argv.push_back(path);
  }
  process_ = std::make_unique<Process>(argv, dir + "/nats-server.log");
  for (int waited = 0; waited < timeout_ms; waited += 50) {
    if (Accepts(port)) {
      url_ = "nats://127.0.0.1:" + std::to_string(port);
      return;
    }
    if (!process_->Running()) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

}  // namespace eventwire::testing
