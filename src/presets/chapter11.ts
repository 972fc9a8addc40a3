// Book chapter 11, folder chapter11 (the book says chapter11-k8s): a cluster to look at the
// Kubernetes components with kubectl; its infrastructure is chapter 8's without the add-ons
// (book-map chapter11).
import type { Preset } from '.';
import { chapter8Cluster } from './book';

export const preset: Preset = {
  name: 'chapter11',
  chapter: 'chapter11',
  description: 'Book chapter 11: the chapter 8 cluster without add-ons, API_AND_CONFIG_MAP with creator admin, t3.small nodes (1 to 2)',
  config: chapter8Cluster(),
};
