// Rules that tie the `application` section to the rest of the configuration (the registry its
// images come from, the controllers its Ingress and secrets need), checked before any construct
// is built, so nothing is written when they fail. No provider class here.
import type { EksConfig } from '../../config/schema';
import { issue, ValidationIssue } from '../../errors';
import { resourceIssues } from '../../workloads/private/checks';
import { DEFAULT_BACKEND_NAME, DEFAULT_BACKEND_PATH, DEFAULT_FRONTEND_NAME, DEFAULT_FRONTEND_PATH } from './schema';

const at = (...path: (string | number)[]) => ['application', ...path];

export function applicationIssues(config: EksConfig): ValidationIssue[] {
  const app = config.application;
  if (!app) return [];
  const issues: ValidationIssue[] = [];
  const controllers = config.controllers ?? {};
  const repositories = config.registry?.repositories ?? [];

  for (const tier of ['frontend', 'backend'] as const) {
    const repository = app[tier].image.repository;
    if (!repositories.includes(repository)) {
      const known = repositories.length > 0 ? `one of 'registry.repositories' (${repositories.map((r) => JSON.stringify(r)).join(', ')})` : `a repository of the 'registry' section, which this configuration does not have`;
      issues.push(issue(at(tier, 'image', 'repository'), repository, `must name ${known}: images come from the cluster's ECR registry (seed 001)`));
    }
    issues.push(...resourceIssues(at(tier, 'resources'), app[tier]));
  }
  const frontendName = app.frontend.name ?? DEFAULT_FRONTEND_NAME;
  const backendName = app.backend.name ?? DEFAULT_BACKEND_NAME;
  if (frontendName === backendName) {
    issues.push(issue(at('backend', 'name'), backendName, `must differ from 'application.frontend.name': each tier has a Deployment and a Service of its name`));
  }

  const ingress = app.ingress ?? {};
  if (ingress !== false) {
    if (!controllers.ingressNginx && !controllers.awsLoadBalancerController) {
      issues.push({
        path: at('ingress'),
        hasReceived: false,
        message: `needs an ingress controller: add 'controllers.awsLoadBalancerController' (an ALB) or 'controllers.ingressNginx' (seed 001: NGINX behind an NLB; retired), or set 'application.ingress' to false`,
      });
    }
    if (!controllers.ingressNginx && controllers.awsLoadBalancerController && config.network?.discoveryTags === false) {
      issues.push(issue(['network', 'discoveryTags'], false, `must be true for the application's ALB: the AWS Load Balancer Controller finds the public subnets by their kubernetes.io/role/elb tag`));
    }
    const frontendPath = ingress.frontendPath ?? DEFAULT_FRONTEND_PATH;
    const backendPath = ingress.backendPath ?? DEFAULT_BACKEND_PATH;
    if (frontendPath === backendPath) {
      issues.push(issue(at('ingress', 'backendPath'), backendPath, `must differ from 'frontendPath' (${JSON.stringify(frontendPath)}): one path prefix cannot lead to both tiers`));
    }
  }

  const secrets = app.secrets;
  if (secrets) {
    if (!controllers.secretsStoreCsiDriver) {
      issues.push({
        path: at('secrets'),
        hasReceived: false,
        message: `needs the Secrets Store CSI driver to mount them: add 'controllers.secretsStoreCsiDriver' (seed 001: the driver and its AWS provider)`,
      });
    }
    if (!secrets.create && secrets.rotation !== undefined) {
      issues.push(issue(at('secrets', 'rotation'), secrets.rotation, `applies to secrets this stack creates: set 'application.secrets.create' to true, or rotate the existing secrets where they are managed`));
    }
    if (!secrets.create && secrets.recoveryWindowDays !== undefined) {
      issues.push(issue(at('secrets', 'recoveryWindowDays'), secrets.recoveryWindowDays, `applies to secrets this stack creates: set 'application.secrets.create' to true, or remove it`));
    }
  } else {
    // The backend's role exists for its secrets only: its settings would otherwise do nothing.
    for (const key of ['mechanism', 'roleName'] as const) {
      if (app[key] !== undefined) issues.push(issue(at(key), app[key], `configures the backend's role, which exists only to read 'application.secrets': add the secrets, or remove it`));
    }
  }
  return issues;
}
