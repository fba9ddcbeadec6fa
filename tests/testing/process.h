// Starts and stops real binaries for integration tests.
#ifndef EVENTWIRE_TESTS_TESTING_PROCESS_H_
#define EVENTWIRE_TESTS_TESTING_PROCESS_H_

#include <sys/types.h>

#include <string>
#include <vector>

namespace eventwire::testing {

class Process {
 public:
  // Runs `argv` with standard error appended to `log_path`, in a process
  // group of its own; it is killed if the test binary dies.
  Process(std::vector<std::string> argv, std::string log_path);
  ~Process();
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  pid_t pid() const { return pid_; }
  bool Running();
  void Signal(int sig);
  // Waits for the process to exit; returns its exit status (or -signal).
  int Wait();
  // SIGTERM, then SIGKILL to its whole group after `grace_ms`.
  void Stop(int grace_ms = 5000);

 private:
  pid_t pid_ = -1;
  int status_ = 0;
  bool exited_ = false;
};

// Waits up to `timeout_ms` for a port file and returns the port, or 0.
int WaitForPortFile(const std::string& path, Process& process, int timeout_ms);
// Runs a command to completion; returns its exit status; output to files.
int RunCommand(const std::vector<std::string>& argv,
               const std::string& stdout_path, const std::string& stderr_path);

}  // namespace eventwire::testing

#endif  // EVENTWIRE_TESTS_TESTING_PROCESS_H_
