/**
 * Identity and access: users, projects and their members' roles, API tokens, browser sessions, CSRF and the audit
 * log. Every resource asks {@link org.xmodal.access.AccessService} one question and imports nothing else from here.
 */
package org.xmodal.access;
