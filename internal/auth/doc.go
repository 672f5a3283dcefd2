// Package auth holds accounts, passwords, sessions, roles and their scopes,
// and the one access decision every read and write goes through: Can for a
// whole function, Decide for one thing at a place in the tree, and ScopeOf
// for listings, all derived from the same grants.
package auth
