// Book chapter 3, folder chapter03: the public endpoint cluster, resource for resource, with
// the safe variants that keep its architecture (see docs/presets.md).
import type { Preset } from '.';
import { chapter3Cluster } from './book';

export const preset: Preset = {
  name: 'chapter03',
  chapter: 'chapter03',
  description: 'Book chapter 3: public endpoint cluster, 2 public + 2 private /24 subnets, one NAT gateway, 2 t3.small nodes',
  // The cluster the later chapters reuse (src/presets/book.ts): the book leaves the endpoint open
  // (its allow-list `181.10.0.0/32` is commented out), which the preset states explicitly and
  // synthesis warns about; network/sg.tf and nodes/sg.tf rules plus DNS over UDP; the node group
  // runs from the project's launch template (IMDSv2 only, hop limit 1, encrypted gp3 disk), a safe
  // variant of the one EKS generates.
  config: chapter3Cluster(),
};
