// A stage process the coordinator starts and keeps running: the command of
// a `command:` or `plugin:` stage in the pipeline file. On one machine this
// is the supervisor (on many, Kubernetes or systemd is).
#ifndef EVENTWIRE_SERVICES_COORDINATOR_MANAGED_STAGE_H_
#define EVENTWIRE_SERVICES_COORDINATOR_MANAGED_STAGE_H_

#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"

namespace eventwire::coordinator {

struct ManagedStageOptions {
  std::string name;
  // The program and its arguments; --listen and --port_file are added.
  std::vector<std::string> argv;
  // Added to (or replacing in) the coordinator's environment.
  std::map<std::string, std::string> env;
  // The folder the process runs in (the pipeline file's).
  std::string working_dir;
  // Where the port file and the process's log (NAME.log) go.
  std::string run_dir;
  int startup_timeout_ms = 30000;
  // How long a stopping process may drain before SIGKILL.
  int stop_grace_ms = 10000;
};

class ManagedStage {
 public:
  // Starts the process on a free loopback port and waits until it has
  // written its port file. A process that exits later is restarted on the
  // same port, with a growing pause while it keeps dying young.
  static absl::StatusOr<std::unique_ptr<ManagedStage>> Start(
      ManagedStageOptions options);
  // Asks the process to drain and stop (SIGTERM) without waiting, so that
  // several stop at once; no restart follows.
  void Terminate();
  // Terminate(), then SIGKILL if it has not stopped after the grace period.
  ~ManagedStage();

  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
  int restarts() const { return restarts_.load(); }
  // How the process ended ("was killed by signal 11 (Segmentation fault)")
  // if it died at or after `since`; empty otherwise.
  std::string DeathSince(std::chrono::steady_clock::time_point since) const;

 private:
  explicit ManagedStage(ManagedStageOptions options)
      : options_(std::move(options)) {}
  // Spawns the process listening on `listen`; waits for its port file.
  absl::StatusOr<int> Launch(const std::string& listen);
  void Supervise();

  const ManagedStageOptions options_;
  int port_ = 0;
  mutable absl::Mutex mu_;
  pid_t pid_ ABSL_GUARDED_BY(mu_) = -1;
  std::chrono::steady_clock::time_point last_death_ ABSL_GUARDED_BY(mu_);
  std::string last_death_how_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::atomic<int> restarts_{0};
  std::thread supervisor_;
};

// The eventwire-stage-host binary that serves `plugin:` stages: beside this
// program (installed) or in the build tree's services/stage_host, else the
// one in PATH.
std::string StageHostPath();

// The plugin library a pipeline file names: a path as it is; a bare name
// ("casualties") as NAME.so in $EVENTWIRE_PLUGIN_PATH (folders separated by
// ':') or in lib/eventwire/plugins beside this program's bin/.
absl::StatusOr<std::string> FindPlugin(const std::string& plugin);

}  // namespace eventwire::coordinator

#endif  // EVENTWIRE_SERVICES_COORDINATOR_MANAGED_STAGE_H_
