<?php

use Illuminate\Support\Facades\Route;

Route::prefix('admin')->middleware('auth')->group(function () {
    // ruleid: admin-route-without-admin-check
    Route::delete('/users/{id}', [UserController::class, 'destroy']);
});
Route::prefix('admin')->middleware(['auth', 'can:admin'])->group(function () {
    // ok: admin-route-without-admin-check
    Route::post('/settings', [SettingsController::class, 'update']);
});
