// TLS and mutual TLS for every eventwire service and client, from PEM
// files. A server given a certificate serves TLS only (plaintext clients
// are refused at the handshake); given a CA too, it verifies client
// certificates, and with `require_client_cert` it refuses clients without
// one (mutual TLS).
#ifndef EVENTWIRE_TLS_H_
#define EVENTWIRE_TLS_H_

#include <grpcpp/security/credentials.h>
#include <grpcpp/security/server_credentials.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"

namespace eventwire {

struct TlsFiles {
  std::string cert;  // this side's certificate chain (PEM)
  std::string key;   // its private key (PEM)
  std::string ca;    // the CA that signs the other side's certificates
  // Server side: refuse clients that present no certificate the CA signed.
  bool require_client_cert = false;

  bool server_enabled() const { return !cert.empty(); }
  bool client_enabled() const { return !ca.empty() || !cert.empty(); }
};

// Checks the combination once, at start: a key needs its certificate and
// the reverse; requiring client certificates needs a CA to check them.
absl::Status ValidateTlsFiles(const TlsFiles& tls, const std::string& where);

// Plaintext when `tls` gives no certificate; otherwise TLS as described
// above. Errors name the file that cannot be read.
absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> MakeServerCredentials(
    const TlsFiles& tls);
// Plaintext when `tls` gives neither CA nor certificate; otherwise TLS that
// verifies the server against the CA (the system's roots when none) and
// presents the certificate when one is given.
absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>>
MakeChannelCredentials(const TlsFiles& tls);

}  // namespace eventwire

#endif  // EVENTWIRE_TLS_H_
