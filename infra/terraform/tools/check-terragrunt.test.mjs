// Tests of check-terragrunt.mjs: the real tree passes, and each broken copy of it
// fails with the problem that names the break.
//
// Usage: node --test check-terragrunt.test.mjs   (from infra/terraform/tools)

import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import { fileURLToPath } from "node:url";
import { checkTree } from "./check-terragrunt.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const realTfRoot = path.resolve(here, "..");
const realDeploy = path.resolve(realTfRoot, "..", "..", "deploy.yml");
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "check-terragrunt-"));
after(() => fs.rmSync(scratch, { recursive: true, force: true }));

const skipped = new Set([".terraform", ".terragrunt-cache", "node_modules"]);
let copies = 0;

// A copy of infra/terraform (envs, modules) and deploy.yml laid out like the repository.
function copyTree() {
  const repo = path.join(scratch, String(copies++));
  const tfRoot = path.join(repo, "infra", "terraform");
  for (const dir of ["envs", "modules"]) {
    fs.cpSync(path.join(realTfRoot, dir), path.join(tfRoot, dir), {
      recursive: true,
      filter: (src) => !skipped.has(path.basename(src)),
    });
  }
  fs.copyFileSync(realDeploy, path.join(repo, "deploy.yml"));
  const file = (p) => path.join(repo, p);
  const edit = (p, from, to) => {
    const text = fs.readFileSync(file(p), "utf8");
    assert.ok(text.includes(from), `${p} does not contain ${JSON.stringify(from)}`);
    fs.writeFileSync(file(p), text.replace(from, to));
  };
  return { tfRoot, deploy: file("deploy.yml"), file, edit };
}

async function problemsAfter(change) {
  const tree = copyTree();
  change(tree);
  return (await checkTree(tree.tfRoot, tree.deploy)).problems;
}

async function assertProblem(change, ...fragments) {
  const problems = await problemsAfter(change);
  assert.ok(
    problems.some((p) => fragments.every((f) => p.includes(f))),
    `expected a problem with ${fragments.map((f) => JSON.stringify(f)).join(" and ")}, got:\n${problems.join("\n") || "(none)"}`,
  );
}

const tg = "infra/terraform/envs";

test("the repository's tree passes", async () => {
  const { problems } = await checkTree(realTfRoot, realDeploy);
  assert.deepEqual(problems, []);
});

test("a unit without its envcommon include", async () => {
  await assertProblem(
    (t) => t.edit(`${tg}/production/edge/terragrunt.hcl`, 'include "envcommon"', 'include "other"'),
    "production/edge/terragrunt.hcl",
    'no include "envcommon"',
  );
});

test("a unit including another unit's envcommon", async () => {
  await assertProblem(
    (t) => t.edit(`${tg}/staging/storage/terragrunt.hcl`, "/_envcommon/storage.hcl\"", "/_envcommon/edge.hcl\""),
    "is not envs/_envcommon/storage.hcl",
  );
});

test("a unit file that copies the wiring back", async () => {
  await assertProblem(
    (t) =>
      fs.appendFileSync(
        t.file(`${tg}/staging/network/terragrunt.hcl`),
        '\nterraform {\n  source = "../../../modules//network"\n}\n',
      ),
    "staging/network/terragrunt.hcl",
    "sets terraform.source",
  );
});

test("a unit file adding an input the envcommon does not wire", async () => {
  await assertProblem(
    (t) => fs.appendFileSync(t.file(`${tg}/production/network/terragrunt.hcl`), "\ninputs = {\n  vpc_cidr = \"10.9.0.0/16\"\n}\n"),
    "input vpc_cidr is not wired in _envcommon/network.hcl",
  );
});

test("an override of a wired input is allowed", async () => {
  const problems = await problemsAfter((t) =>
    fs.appendFileSync(t.file(`${tg}/production/network/terragrunt.hcl`), "\ninputs = {\n  flow_log_retention_days = 90\n}\n"),
  );
  assert.deepEqual(problems, []);
});

test("an envcommon file that nobody includes", async () => {
  await assertProblem(
    (t) => fs.writeFileSync(t.file(`${tg}/_envcommon/queue.hcl`), "inputs = {}\n"),
    "_envcommon/queue.hcl",
    "not included by staging/queue/terragrunt.hcl",
  );
});

test("a nested include in an envcommon file", async () => {
  await assertProblem(
    (t) => fs.appendFileSync(t.file(`${tg}/_envcommon/ecr.hcl`), '\ninclude "more" {\n  path = "x.hcl"\n}\n'),
    "_envcommon/ecr.hcl",
    "only one level of include",
  );
});

test("a dependency output read from an envcommon file without a mock", async () => {
  await assertProblem(
    (t) => t.edit(`${tg}/_envcommon/security.hcl`, 'vpc_id = "vpc-00000000000000000"', 'vpc_cidr_block = "10.0.0.0/16"'),
    "_envcommon/security.hcl",
    "reads dependency.network.outputs.vpc_id without a mock output",
  );
});

test("a dependency path that is not a unit", async () => {
  await assertProblem(
    (t) => t.edit(`${tg}/_envcommon/storage.hcl`, 'config_path = "../edge"', 'config_path = "../cdn"'),
    "config_path ../cdn is not a unit of staging",
  );
});

test("a dependency of the ci-access unit (applied first, by an account admin)", async () => {
  await assertProblem(
    (t) =>
      fs.appendFileSync(
        t.file(`${tg}/_envcommon/ci-access.hcl`),
        '\ndependency "ecr" {\n  config_path = "../ecr"\n\n  mock_outputs_allowed_terraform_commands = ["validate", "plan", "destroy"]\n  mock_outputs = {\n    ecr_repository_arns = { web = "arn:aws:ecr:ap-northeast-1:000000000000:repository/mock-web" }\n  }\n}\n',
      ),
    "_envcommon/ci-access.hcl",
    'dependency "ecr": the ci-access unit depends on no other unit',
  );
});

test("mocks without destroy (row 15)", async () => {
  await assertProblem(
    (t) => t.edit(`${tg}/_envcommon/monitoring.hcl`, '["validate", "plan", "destroy"]', '["validate", "plan"]'),
    "_envcommon/monitoring.hcl",
    "expected exactly validate, plan, destroy",
  );
});

test("mocks allowed for apply", async () => {
  await assertProblem(
    (t) => t.edit(`${tg}/_envcommon/database.hcl`, '["validate", "plan", "destroy"]', '["validate", "plan", "destroy", "apply"]'),
    "mock outputs allowed for validate, plan, destroy, apply",
  );
});

test("lock files copied into the unit folders (row 14)", async () => {
  await assertProblem(
    (t) => t.edit(`${tg}/root.hcl`, "copy_terraform_lock_file = false", "copy_terraform_lock_file = true"),
    "copy_terraform_lock_file = false",
  );
});

test("a health check path that deploy.yml does not serve (row 3)", async () => {
  await assertProblem(
    (t) => t.edit(`${tg}/services.json`, '"container_port": 3000,\n      "health_check_path": "/health"', '"container_port": 3000,\n      "health_check_path": "/api/health"'),
    "envs/services.json",
    "service web healthPath is \"/health\"",
    "\"/api/health\"",
  );
});

test("a port in services.json that deploy.yml does not use", async () => {
  await assertProblem(
    (t) => t.edit(`${tg}/services.json`, '"container_port": 3001', '"container_port": 8080'),
    "envs/services.json",
    "service api port is 3001",
    "has 8080",
  );
});

test("a service in services.json that deploy.yml does not deploy", async () => {
  await assertProblem(
    (t) => t.edit(`${tg}/services.json`, '  "services": {\n', '  "services": {\n    "worker": { "container_port": 3002, "path_patterns": ["/jobs/*"] },\n'),
    "envs/services.json",
    "service worker is not a service of deploy.yml",
  );
});

test("services.json missing", async () => {
  await assertProblem((t) => fs.rmSync(t.file(`${tg}/services.json`)), "envs/services.json", "missing");
});

test("services.json without a services object", async () => {
  await assertProblem((t) => fs.writeFileSync(t.file(`${tg}/services.json`), '{ "web": { "container_port": 3000 } }\n'), "envs/services.json", 'has no "services" object');
});

test("common.hcl with services of its own instead of services.json", async () => {
  await assertProblem(
    (t) => {
      t.edit(`${tg}/common.hcl`, 'services = jsondecode(file("${get_terragrunt_dir()}/services.json")).services', "services = {}");
      t.edit(`${tg}/common.hcl`, "    memory_target_percent = 80\n", '    memory_target_percent = 80\n    services              = { web = { container_port = 3000 } }\n');
    },
    "envs/common.hcl",
    "does not read services.json",
  );
});

test("a local root with services of its own (row 6: the local deploy rehearses staging's health checks)", async () => {
  await assertProblem(
    (t) =>
      t.edit(
        `${tg}/local/main.tf`,
        'jsondecode(file("${path.module}/../services.json")).services',
        '{ web = { container_port = 3000, health_check_path = "/" }, api = { container_port = 3001, health_check_path = "/health", path_patterns = ["/api/*"] } }',
      ),
    "envs/local/main.tf",
    "does not read ../services.json",
  );
});

test("a local root that overrides a health check path", async () => {
  await assertProblem(
    (t) => t.edit(`${tg}/local/main.tf`, "      { desired_count = 1 },\n", '      { desired_count = 1 },\n      {\n        health_check_path = "/"\n      },\n'),
    "envs/local/main.tf",
    "sets a health_check_path of its own",
  );
});

test("a health check path overridden in one environment", async () => {
  await assertProblem(
    (t) =>
      t.edit(
        `${tg}/production/env.hcl`,
        "  business_hours          = null\n",
        '  business_hours          = null\n  services = {\n    web = { container_port = 3000, health_check_path = "/" }\n    api = { container_port = 3001, health_check_path = "/health", path_patterns = ["/api/*"] }\n  }\n',
      ),
    "production/env.hcl",
    "health-checks \"/\"",
  );
});

test("an account id that disagrees with deploy.yml", async () => {
  await assertProblem(
    (t) => t.edit("deploy.yml", 'accountId: "222222222222"', 'accountId: "333333333333"'),
    "production/env.hcl",
    "environments.production.accountId is \"333333333333\"",
  );
});

test("a project name that disagrees with deploy.yml", async () => {
  await assertProblem((t) => t.edit("deploy.yml", "project: bookmark-manager", "project: bookmarks"), "deploy.yml project is \"bookmarks\"");
});

test("a deploy.yml service the environments do not run", async () => {
  await assertProblem(
    (t) => t.edit("deploy.yml", "services:\n", "services:\n  - name: worker\n    image: api\n    port: 3002\n    healthPath: /health\n"),
    "service worker is not in staging's services",
  );
});

test("ecr repositories that are not deploy.yml's images", async () => {
  await assertProblem((t) => t.edit(`${tg}/_envcommon/ecr.hcl`, '["web", "api"]', '["web"]'), "are not deploy.yml's images");
});

test("env.hcl repeating a shared value", async () => {
  await assertProblem(
    (t) => t.edit(`${tg}/staging/env.hcl`, "  github_branch  = \"staging\"\n", '  github_branch  = "staging"\n  waf_rate_limit = 2000\n'),
    "staging/env.hcl",
    "waf_rate_limit repeats common.hcl's value",
  );
});

test("a value equal in both env.hcl files", async () => {
  await assertProblem(
    (t) => {
      t.edit(`${tg}/staging/env.hcl`, "  db_max_capacity             = 2\n", "  db_max_capacity             = 16\n");
    },
    "db_max_capacity has the same value in every env.hcl; move it to common.hcl",
  );
});

test("a setting one environment lacks", async () => {
  await assertProblem(
    (t) => t.edit(`${tg}/production/env.hcl`, "  db_reader_count             = 1\n", ""),
    "production/env.hcl",
    "db_reader_count is missing",
  );
});

test("a settings read nobody defines", async () => {
  await assertProblem(
    (t) => t.edit(`${tg}/_envcommon/network.hcl`, "local.settings.flow_log_retention_days", "local.settings.flow_log_days"),
    "_envcommon/network.hcl",
    "reads settings flow_log_days",
  );
});

test("a setting nobody reads", async () => {
  await assertProblem(
    (t) => {
      t.edit(`${tg}/staging/env.hcl`, "  github_branch  = \"staging\"\n", '  github_branch  = "staging"\n  release_train  = "a"\n');
      t.edit(`${tg}/production/env.hcl`, "  github_branch  = \"production\"\n", '  github_branch  = "production"\n  release_train  = "b"\n');
    },
    "release_train is never read",
  );
});

test("a setting only deploy.yml repeats is read by its check (github_branch)", async () => {
  await assertProblem(
    (t) => t.edit("deploy.yml", "    branch: staging\n", "    branch: main\n"),
    "staging/env.hcl",
    "environments.staging.branch is \"main\"",
  );
});

test("an env.hcl named after another environment", async () => {
  await assertProblem((t) => t.edit(`${tg}/production/env.hcl`, 'environment    = "production"', 'environment    = "prod"'), 'expected "production"');
});

test("an env.hcl in a folder the checker does not know", async () => {
  await assertProblem(
    (t) => {
      fs.mkdirSync(t.file(`${tg}/qa`));
      fs.copyFileSync(t.file(`${tg}/staging/env.hcl`), t.file(`${tg}/qa/env.hcl`));
    },
    "qa/env.hcl",
    "makes qa an environment",
  );
});

test("the edge unit reads the origin header's secret without a mock", async () => {
  await assertProblem(
    (t) => t.edit(`${tg}/_envcommon/edge.hcl`, '    origin_verify_header_value = "mock-origin-verify-0000000000000000"\n', ""),
    "_envcommon/edge.hcl",
    "reads dependency.compute.outputs.origin_verify_header_value without a mock output",
  );
});

test("the edge unit reading an origin header output compute does not declare", async () => {
  await assertProblem(
    (t) => t.edit(`${tg}/_envcommon/edge.hcl`, "name  = dependency.compute.outputs.origin_verify_header_name", "name  = dependency.compute.outputs.origin_header_name"),
    "reads dependency.compute.outputs.origin_header_name, which modules/compute/outputs.tf does not declare",
  );
});
