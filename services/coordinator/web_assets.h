// The page's static files (services/coordinator/web), compiled into the
// coordinator so that one binary serves its page wherever it runs.
#ifndef EVENTWIRE_SERVICES_COORDINATOR_WEB_ASSETS_H_
#define EVENTWIRE_SERVICES_COORDINATOR_WEB_ASSETS_H_

#include <string_view>
#include <vector>

namespace eventwire::coordinator {

struct WebAsset {
  const char* path;          // "/", "/app.js"
  const char* content_type;  // "text/html; charset=utf-8"
  std::string_view body;
};

// Generated at build time from the files in services/coordinator/web.
const std::vector<WebAsset>& WebAssets();

}  // namespace eventwire::coordinator

#endif  // EVENTWIRE_SERVICES_COORDINATOR_WEB_ASSETS_H_
