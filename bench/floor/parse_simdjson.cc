// parse_simdjson.cc - the same 50-ticket page through simdjson's On-Demand
// API (libsimdjson-dev 3.0.1), projecting the same ~9 fields per row into
// strings: the fastest parser in Debian, behind the C++ runtime. Not built
// by make:
//   apt-get install libsimdjson-dev
//   PARSE_PAGE_SAVE=/tmp/page.json build/release/bench/parse_page
//   g++ -O2 -std=c++17 bench/floor/parse_simdjson.cc -lsimdjson -o /tmp/parse_simdjson
//   /tmp/parse_simdjson /tmp/page.json
#include <simdjson.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

static const char *const fields[] = {"id",         "summary",     "client_name",
                                     "status_name", "agent_name", "team",
                                     "priority_id", "tickettype_name", "dateoccurred"};

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    simdjson::padded_string page;
    if (simdjson::padded_string::load(argv[1]).get(page))
        return 1;
    simdjson::ondemand::parser parser;
    std::vector<double> v;
    size_t rows = 0;
    for (int k = -20; k < 400; k++) {
        auto t0 = std::chrono::steady_clock::now();
        std::vector<std::vector<std::string>> out;
        auto doc = parser.iterate(page);
        for (auto row : doc["tickets"].get_array()) {
            std::vector<std::string> kept;
            for (auto member : row.get_object()) {
                std::string_view key = member.unescaped_key();
                for (const char *f : fields) {
                    if (key == f) {
                        std::string_view raw = member.value().raw_json_token();
                        kept.emplace_back(raw);
                        break;
                    }
                }
            }
            out.push_back(std::move(kept));
        }
        rows = out.size();
        double us = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count();
        if (k >= 0)
            v.push_back(us);
    }
    std::sort(v.begin(), v.end());
    std::printf("| simdjson 3.0.1 On-Demand, same fields (C++) | %zu | %.0f (%.0f–%.0f) | %.0f |\n", rows,
                v[v.size() / 2], v.front(), v.back(), page.size() / v[v.size() / 2]);
    return 0;
}
