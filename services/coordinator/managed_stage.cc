#include "managed_stage.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "spdlog/spdlog.h"

namespace eventwire::coordinator {
namespace fs = std::filesystem;
namespace {

// In the child, between fork and exec: only async-signal-safe calls.
[[noreturn]] void ExecChild(const std::vector<char*>& argv,
                            const std::vector<char*>& envp, const char* dir,
                            int log_fd) {
  // The coordinator blocks SIGTERM/SIGINT for sigwait and ignores SIGPIPE;
  // the stage gets the defaults back.
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  signal(SIGPIPE, SIG_DFL);
  // A stage does not outlive a coordinator that was killed.
  prctl(PR_SET_PDEATHSIG, SIGTERM);
  if (log_fd >= 0) {
    dup2(log_fd, 1);
    dup2(log_fd, 2);
  }
  int devnull = open("/dev/null", O_RDONLY);
  if (devnull >= 0) dup2(devnull, 0);
  if (dir[0] != 0 && chdir(dir) != 0) _exit(126);
  execvpe(argv[0], argv.data(), envp.data());
  _exit(127);
}

std::string Describe(int status) {
  if (WIFEXITED(status))
    return absl::StrCat("exited with ", WEXITSTATUS(status));
  if (WIFSIGNALED(status)) {
    return absl::StrCat("was killed by signal ", WTERMSIG(status), " (",
                        strsignal(WTERMSIG(status)), ")");
  }
  return "stopped";
}

}  // namespace

absl::StatusOr<std::unique_ptr<ManagedStage>> ManagedStage::Start(
    ManagedStageOptions options) {
  std::unique_ptr<ManagedStage> stage(new ManagedStage(std::move(options)));
  auto port = stage->Launch("127.0.0.1:0");
  if (!port.ok()) return port.status();
  stage->port_ = *port;
  stage->supervisor_ = std::thread([s = stage.get()] { s->Supervise(); });
  return stage;
}

absl::StatusOr<int> ManagedStage::Launch(const std::string& listen) {
  const std::string port_file =
      (fs::path(options_.run_dir) / (options_.name + ".port")).string();
  const std::string log =
      (fs::path(options_.run_dir) / (options_.name + ".log")).string();
  std::error_code ec;
  fs::create_directories(options_.run_dir, ec);
  fs::remove(port_file, ec);

  std::vector<std::string> args = options_.argv;
  args.push_back("--listen=" + listen);
  args.push_back("--port_file=" + port_file);
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  // The environment, built before fork (the child may not allocate).
  std::vector<std::string> env_strings;
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string_view entry(*e);
    const std::string name(entry.substr(0, entry.find('=')));
    if (!options_.env.count(name)) env_strings.emplace_back(entry);
  }
  for (const auto& [name, value] : options_.env)
    env_strings.push_back(name + "=" + value);
  std::vector<char*> envp;
  for (auto& e : env_strings) envp.push_back(e.data());
  envp.push_back(nullptr);
  const int log_fd =
      open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  pid_t pid;
  {
    absl::MutexLock lock(&mu_);
    if (stopping_) return absl::CancelledError("stopping");
    pid = fork();
    if (pid == 0) ExecChild(argv, envp, options_.working_dir.c_str(), log_fd);
    pid_ = pid;
  }
  if (log_fd >= 0) close(log_fd);
  if (pid < 0) {
    return absl::InternalError(
        absl::StrCat("stage '", options_.name, "': cannot fork"));
  }
  const auto give_up = std::chrono::steady_clock::now() +
                       std::chrono::milliseconds(options_.startup_timeout_ms);
  while (std::chrono::steady_clock::now() < give_up) {
    int port = 0;
    if (std::ifstream in(port_file); in >> port && port > 0) return port;
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) {
      {
        absl::MutexLock lock(&mu_);
        pid_ = -1;
      }
      return absl::UnavailableError(absl::StrCat(
          "stage '", options_.name, "' (", options_.argv[0], ") ",
          Describe(status), " before it served; its log is ", log));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
  {
    absl::MutexLock lock(&mu_);
    pid_ = -1;
  }
  return absl::DeadlineExceededError(
      absl::StrCat("stage '", options_.name, "' (", options_.argv[0],
                   ") did not serve within ", options_.startup_timeout_ms,
                   " ms; its log is ", log));
}

void ManagedStage::Supervise() {
  // A stage that served and then died (a document crashed it) comes back at
  // once: the coordinator is waiting for it. One that dies before it serves
  // (a broken binary, a taken port) is tried again ever more slowly.
  constexpr int kQuickRestartMs = 100, kMaxPauseMs = 5000;
  int pause_ms = kQuickRestartMs;
  bool served = true;
  while (true) {
    pid_t pid;
    {
      absl::MutexLock lock(&mu_);
      if (stopping_) return;
      pid = pid_;
    }
    int status = 0;
    if (pid > 0) {
      if (waitpid(pid, &status, 0) != pid) continue;
      absl::MutexLock lock(&mu_);
      pid_ = -1;
      if (stopping_) return;
      last_death_ = std::chrono::steady_clock::now();
      last_death_how_ = Describe(status);
    }
    pause_ms = served ? kQuickRestartMs : std::min(kMaxPauseMs, pause_ms * 2);
    spdlog::warn("stage '{}' {}; restarting it in {} ms on port {}",
                 options_.name, pid > 0 ? Describe(status) : "did not start",
                 pause_ms, port_);
    std::this_thread::sleep_for(std::chrono::milliseconds(pause_ms));
    ++restarts_;
    auto port = Launch(address());
    served = port.ok();
    if (!served) spdlog::error("{}", port.status().ToString());
  }
}

std::string ManagedStage::DeathSince(
    std::chrono::steady_clock::time_point since) const {
  absl::MutexLock lock(&mu_);
  return !last_death_how_.empty() && last_death_ >= since ? last_death_how_
                                                          : std::string();
}

void ManagedStage::Terminate() {
  absl::MutexLock lock(&mu_);
  if (!stopping_ && pid_ > 0) kill(pid_, SIGTERM);
  stopping_ = true;
}

ManagedStage::~ManagedStage() {
  Terminate();
  pid_t pid;
  {
    absl::MutexLock lock(&mu_);
    pid = pid_;
  }
  if (pid > 0) {
    const auto give_up = std::chrono::steady_clock::now() +
                         std::chrono::milliseconds(options_.stop_grace_ms);
    // The supervisor reaps it; wait for that, then insist.
    while (std::chrono::steady_clock::now() < give_up) {
      {
        absl::MutexLock lock(&mu_);
        if (pid_ != pid) break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    absl::MutexLock lock(&mu_);
    if (pid_ == pid) kill(pid, SIGKILL);
  }
  if (supervisor_.joinable()) supervisor_.join();
}

namespace {

// The folder of this program (bin/ installed, services/coordinator/ in a
// build); empty when /proc does not say.
fs::path ProgramDir() {
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  return ec ? fs::path() : self.parent_path();
}

}  // namespace

std::string StageHostPath() {
  if (const fs::path dir = ProgramDir(); !dir.empty()) {
    std::error_code ec;
    for (const fs::path& candidate :
         {dir / "eventwire-stage-host",
          dir.parent_path() / "stage_host" / "eventwire-stage-host"}) {
      if (fs::exists(candidate, ec)) return candidate.string();
    }
  }
  return "eventwire-stage-host";
}

absl::StatusOr<std::string> FindPlugin(const std::string& plugin) {
  if (plugin.find('/') != std::string::npos) return plugin;
  std::vector<fs::path> dirs;
  if (const char* path = std::getenv("EVENTWIRE_PLUGIN_PATH")) {
    for (absl::string_view dir : absl::StrSplit(path, ':', absl::SkipEmpty()))
      dirs.emplace_back(std::string(dir));
  }
  if (const fs::path dir = ProgramDir(); !dir.empty())
    dirs.push_back(dir.parent_path() / "lib" / "eventwire" / "plugins");
  std::error_code ec;
  std::string searched;
  for (const fs::path& dir : dirs) {
    for (const std::string& file : {plugin + ".so", plugin}) {
      if (fs::is_regular_file(dir / file, ec)) return (dir / file).string();
    }
    searched += (searched.empty() ? "" : ", ") + dir.string();
  }
  return absl::NotFoundError(
      absl::StrCat("no plugin '", plugin, "' (", plugin, ".so) in ",
                   searched.empty() ? "an empty plugin path" : searched,
                   "; give a path or set EVENTWIRE_PLUGIN_PATH"));
}

}  // namespace eventwire::coordinator
