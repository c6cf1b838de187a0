// Workspaces of real packages whose closures hold about 300, 1,000, 3,000 and 10,000 packuments, for
// `npm run bench` (scripts/bench-scale.mjs). The three smaller ones are stacks a product team has: a React app
// with an API; plus a webpack/babel/jest/eslint toolchain; plus Angular, NestJS, Storybook, Next and AWS SDK v3
// services, a Docusaurus site, Google and Azure cloud clients, databases, GraphQL, end-to-end test tools and release tooling. The largest is the union of a company's repositories: the most downloaded packages on the registry
// (scripts/scale-popular.json, recorded by scripts/record-scale-popular.mjs) spread over 18 members.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MEMBERS as BASE_MEMBERS, ROOT_DEV as BASE_ROOT_DEV } from './bench-workspace.mjs';

const TOOLCHAIN = {
  'packages/build': {
    name: '@bench/build',
    version: '1.0.0',
    dependencies: {
      webpack: '^5.90.0',
      'webpack-cli': '^5.1.0',
      'webpack-dev-server': '^5.0.0',
      'babel-loader': '^9.1.0',
      '@babel/core': '^7.24.0',
      '@babel/preset-env': '^7.24.0',
      '@babel/preset-react': '^7.24.0',
      '@babel/preset-typescript': '^7.24.0',
      'css-loader': '^7.1.0',
      'style-loader': '^4.0.0',
      'html-webpack-plugin': '^5.6.0',
      'mini-css-extract-plugin': '^2.9.0',
      postcss: '^8.4.0',
      'postcss-loader': '^8.1.0',
      sass: '^1.77.0',
      'sass-loader': '^16.0.0',
      'terser-webpack-plugin': '^5.3.0',
    },
  },
  'packages/test': {
    name: '@bench/test',
    version: '1.0.0',
    dependencies: { jest: '^29.7.0', 'ts-jest': '^29.1.0', 'jest-environment-jsdom': '^29.7.0', '@testing-library/react': '^16.0.0', '@testing-library/dom': '^10.0.0', '@testing-library/jest-dom': '^6.4.0' },
  },
  'packages/lint': {
    name: '@bench/lint',
    version: '1.0.0',
    dependencies: {
      '@typescript-eslint/parser': '^8.0.0',
      '@typescript-eslint/eslint-plugin': '^8.0.0',
      'eslint-plugin-react': '^7.34.0',
      'eslint-plugin-react-hooks': '^5.0.0',
      'eslint-plugin-import': '^2.29.0',
      prettier: '^3.3.0',
    },
  },
};

const SERVICES = {
  'apps/admin': {
    name: '@bench/admin',
    version: '1.0.0',
    dependencies: {
      '@angular/core': '^19.0.0',
      '@angular/common': '^19.0.0',
      '@angular/compiler': '^19.0.0',
      '@angular/platform-browser': '^19.0.0',
      '@angular/router': '^19.0.0',
      '@angular/forms': '^19.0.0',
      '@angular/cli': '^19.0.0',
      '@angular-devkit/build-angular': '^19.0.0',
      rxjs: '^7.8.0',
      'zone.js': '^0.15.0',
    },
  },
  'services/api': {
    name: '@bench/services',
    version: '1.0.0',
    dependencies: {
      '@nestjs/core': '^11.0.0',
      '@nestjs/common': '^11.0.0',
      '@nestjs/platform-express': '^11.0.0',
      '@nestjs/cli': '^11.0.0',
      '@nestjs/testing': '^11.0.0',
      'reflect-metadata': '^0.2.0',
      rxjs: '^7.8.0',
      'class-validator': '^0.14.0',
      'class-transformer': '^0.5.0',
      '@aws-sdk/client-s3': '^3.600.0',
      '@aws-sdk/client-dynamodb': '^3.600.0',
      '@aws-sdk/lib-dynamodb': '^3.600.0',
      '@aws-sdk/client-sqs': '^3.600.0',
      '@aws-sdk/client-sns': '^3.600.0',
      '@aws-sdk/client-lambda': '^3.600.0',
      '@aws-sdk/client-cloudwatch': '^3.600.0',
      '@aws-sdk/client-cognito-identity-provider': '^3.600.0',
    },
  },
  'packages/ui': {
    name: '@bench/ui',
    version: '1.0.0',
    dependencies: {
      storybook: '^8.4.0',
      '@storybook/react': '^8.4.0',
      '@storybook/react-webpack5': '^8.4.0',
      '@storybook/addon-essentials': '^8.4.0',
      '@storybook/addon-interactions': '^8.4.0',
      next: '^15.0.0',
    },
  },
};

const PLATFORM = {
  'apps/site': {
    name: '@bench/site',
    version: '1.0.0',
    dependencies: { '@docusaurus/core': '^3.6.0', '@docusaurus/preset-classic': '^3.6.0', '@mdx-js/react': '^3.0.0', clsx: '^2.1.0', 'prism-react-renderer': '^2.4.0' },
  },
  'services/cloud': {
    name: '@bench/cloud',
    version: '1.0.0',
    dependencies: {
      'firebase-admin': '^13.0.0',
      '@google-cloud/storage': '^7.14.0',
      '@azure/identity': '^4.5.0',
      '@azure/storage-blob': '^12.26.0',
      googleapis: '^144.0.0',
      pg: '^8.13.0',
      ioredis: '^5.4.0',
      mongoose: '^8.8.0',
      kafkajs: '^2.2.0',
    },
  },
  'services/data': {
    name: '@bench/data',
    version: '1.0.0',
    dependencies: { graphql: '^16.9.0', '@apollo/server': '^4.11.0', prisma: '^5.22.0', '@prisma/client': '^5.22.0', typeorm: '^0.3.20', sequelize: '^6.37.0', 'socket.io': '^4.8.0', bullmq: '^5.30.0', winston: '^3.17.0', pino: '^9.5.0' },
  },
  'tools/e2e': {
    name: '@bench/e2e',
    version: '1.0.0',
    dependencies: { '@playwright/test': '^1.49.0', cypress: '^13.16.0', 'puppeteer-core': '^23.9.0', 'webpack-bundle-analyzer': '^4.10.0' },
  },
  'tools/release': {
    name: '@bench/release',
    version: '1.0.0',
    dependencies: { lerna: '^8.1.0', '@changesets/cli': '^2.27.0', 'semantic-release': '^24.2.0', husky: '^9.1.0', 'lint-staged': '^15.2.0' },
  },
};

/** The most downloaded packages, as recorded, spread over members of 200. */
function popular() {
  const seeds = JSON.parse(readFileSync(new URL('./scale-popular.json', import.meta.url), 'utf8'));
  const members = {};
  for (let i = 0; i < seeds.packages.length; i += 200) {
    const slice = seeds.packages.slice(i, i + 200);
    members[`packages/p${String(i / 200).padStart(2, '0')}`] = { name: `@pop/p${i / 200}`, version: '1.0.0', dependencies: Object.fromEntries(slice) };
  }
  return members;
}

export const SIZES = {
  300: () => ({ members: BASE_MEMBERS, rootDev: BASE_ROOT_DEV }),
  1000: () => ({ members: { ...BASE_MEMBERS, ...TOOLCHAIN }, rootDev: BASE_ROOT_DEV }),
  3000: () => ({ members: { ...BASE_MEMBERS, ...TOOLCHAIN, ...SERVICES, ...PLATFORM }, rootDev: BASE_ROOT_DEV }),
  10000: () => ({ members: popular(), rootDev: {} }),
};

/** Writes the workspace of one size into dir (npm workspaces, plain ranges: every tool reads it the same way). */
export function writeScaleWorkspace(dir, size) {
  const { members, rootDev } = SIZES[size]();
  const dirs = Object.keys(members).sort();
  // an npm family (packageManager), so constrain resolves it by npm's rules, as the npm runs it is compared with
  // install it; pnpm-workspace.yaml alone would make it a pnpm family (docs/resolver.md, "Which package manager")
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: `scale-${size}`, private: true, packageManager: 'npm@11.19.1', workspaces: dirs, devDependencies: rootDev }, null, 2)}\n`);
  // pnpm reads its workspace from its own file (and its .npmrc, below, from writeMembers)
  writeFileSync(join(dir, 'pnpm-workspace.yaml'), `packages:\n${dirs.map((d) => `  - ${d}`).join('\n')}\n`);
  writeMembers(dir, members, (m) => {
    for (const [k, v] of Object.entries(m.dependencies)) if (v.startsWith('workspace:')) m.dependencies[k] = '*';
  });
}

/**
 * The .npmrc and the members' manifests of a benchmark workspace; `adjust` edits each manifest's copy first. pnpm
 * links a member that another asks for with "*" only when told, and is told to install a workspace that names npm as
 * its manager.
 */
function writeMembers(dir, members, adjust = () => {}) {
  writeFileSync(join(dir, '.npmrc'), 'link-workspace-packages=true\npackage-manager-strict=false\n');
  for (const rel of Object.keys(members).sort()) {
    const m = structuredClone(members[rel]);
    adjust(m);
    mkdirSync(join(dir, rel), { recursive: true });
    writeFileSync(join(dir, rel, 'package.json'), `${JSON.stringify(m, null, 2)}\n`);
  }
}

/**
 * A family of many small members (a company monorepo of hundreds or thousands of workspaces): `count` members over
 * the registry dependencies of the 1,000-packument workspace, each asking for 12 of them and for up to 3 earlier
 * members, chosen by a fixed pseudo-random sequence so every run builds the same family.
 */
export function writeMembersWorkspace(dir, count) {
  const pool = [];
  for (const m of Object.values(SIZES[1000]().members)) for (const [name, range] of Object.entries(m.dependencies ?? {})) if (!range.startsWith('workspace:')) pool.push([name, range]);
  let seed = 7;
  const next = (n) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const members = {};
  const dirOf = (i) => `packages/m${String(i).padStart(4, '0')}`;
  for (let i = 0; i < count; i++) {
    const dependencies = {};
    for (let k = 0; k < 12; k++) {
      const [name, range] = pool[next(pool.length)];
      dependencies[name] = range;
    }
    for (let k = 0; k < 3 && i > 0; k++) dependencies[`@fam/m${String(next(i)).padStart(4, '0')}`] = '^1.0.0';
    members[dirOf(i)] = { name: `@fam/m${String(i).padStart(4, '0')}`, version: '1.0.0', dependencies };
  }
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: `members-${count}`, private: true, packageManager: 'npm@11.19.1', workspaces: ['packages/*'] }, null, 2)}\n`);
  writeMembers(dir, members);
}
