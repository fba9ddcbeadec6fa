#include "testing/process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <thread>

namespace eventwire::testing {
namespace {

pid_t Spawn(const std::vector<std::string>& argv, const std::string& out,
            const std::string& err) {
  const pid_t parent = getpid();
  pid_t pid = fork();
  if (pid != 0) return pid;
  // The test owns what it starts: if the test binary dies (a crash, ctest's
  // timeout) the child is killed, and its own group lets Stop() end whatever
  // it started in turn.
  setpgid(0, 0);
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() != parent) _exit(127);
  if (!out.empty()) {
    int fd = open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0) dup2(fd, 1);
  }
  int fd = open(err.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  if (fd >= 0) dup2(fd, 2);
  int devnull = open("/dev/null", O_RDONLY);
  if (devnull >= 0) dup2(devnull, 0);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  execv(args[0], args.data());
  _exit(127);
}

int Decode(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return -WTERMSIG(status);
  return -1;
}

}  // namespace

Process::Process(std::vector<std::string> argv, std::string log_path)
    : pid_(Spawn(argv, "", log_path)) {}

Process::~Process() { Stop(2000); }

bool Process::Running() {
  if (exited_ || pid_ <= 0) return false;
  pid_t r = waitpid(pid_, &status_, WNOHANG);
  if (r == pid_) exited_ = true;
  return !exited_;
}

void Process::Signal(int sig) {
  if (Running()) kill(pid_, sig);
}

int Process::Wait() {
  if (!exited_ && pid_ > 0) {
    waitpid(pid_, &status_, 0);
    exited_ = true;
  }
  return Decode(status_);
}

void Process::Stop(int grace_ms) {
  if (!Running()) return;
  kill(pid_, SIGTERM);
  for (int waited = 0; waited < grace_ms; waited += 20) {
    if (!Running()) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  // It did not stop: end it and everything it started.
  kill(-pid_, SIGKILL);
  kill(pid_, SIGKILL);
  Wait();
}

int WaitForPortFile(const std::string& path, Process& process, int timeout_ms) {
  for (int waited = 0; waited < timeout_ms; waited += 20) {
    std::ifstream in(path);
    int port = 0;
    if (in >> port && port > 0) return port;
    if (!process.Running()) return 0;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return 0;
}

int RunCommand(const std::vector<std::string>& argv,
               const std::string& stdout_path, const std::string& stderr_path) {
  pid_t pid = Spawn(argv, stdout_path, stderr_path);
  int status = 0;
  waitpid(pid, &status, 0);
  return Decode(status);
}

}  // namespace eventwire::testing
